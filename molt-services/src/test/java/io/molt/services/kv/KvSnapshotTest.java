package io.molt.services.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.api.ExecutionContext;
import io.molt.api.ServiceException;
import io.molt.services.testing.Arb;
import io.molt.services.testing.Props;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KvSnapshotTest {
    private static final ExecutionContext CTX = new ExecutionContext(1, 0, 0, 0);
    private static final KvLimits LIMITS = new KvLimits(8, 16, 100);
    /** A few short keys, some with bytes >= 0x80 to exercise the unsigned order. */
    private static final List<byte[]> KEYS = List.of(new byte[0], new byte[] {1}, new byte[] {(byte) 0x80},
            new byte[] {1, 2}, new byte[] {(byte) 0xff, 0}, new byte[] {0x7f});

    private static byte[] snapshot(KvService kv) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            kv.writeSnapshot(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KvService fedWith(List<byte[]> commands) {
        KvService kv = new KvService(LIMITS);
        for (byte[] command : commands) {
            try {
                kv.execute(command, CTX);
            } catch (ServiceException refused) {
                // Refusals are part of the history too; every replica refuses the same ones.
            }
        }
        return kv;
    }

    /** Random histories of up to 60 commands over {@link #KEYS}. */
    private static final Arb<List<byte[]>> HISTORIES = histories();

    private static Arb<List<byte[]>> histories() {
        Arb<byte[]> keys = Arb.elements(KEYS);
        Arb<byte[]> values = Arb.byteArrays(20);
        Arb<byte[]> maybeValues = Arb.of(new byte[] {1}, new byte[] {2}).orNull(0.4);
        Arb<byte[]> command = Arb.oneOf(
                Arb.combine(keys, values, KvCommands::put),
                keys.map(KvCommands::delete),
                keys.map(KvCommands::get),
                Arb.combine(keys, maybeValues, maybeValues, KvCommands::cas));
        return Arb.listOf(command, 60);
    }

    @Test
    void replicasFedTheSameCommandsWriteTheSameBytes() {
        Props.forAll(1000, HISTORIES, commands ->
                assertThat(snapshot(fedWith(commands))).isEqualTo(snapshot(fedWith(commands))));
    }

    @Test
    void snapshotRestoreSnapshotIsIdentical() {
        Props.forAll(1000, HISTORIES, commands -> {
            byte[] snap = snapshot(fedWith(commands));
            KvService restored = new KvService(LIMITS);
            restored.restore(new ByteArrayInputStream(snap));
            assertThat(snapshot(restored)).isEqualTo(snap);
        });
    }

    @Test
    void insertionOrderDoesNotChangeTheSnapshot() {
        Props.forAll(1000, HISTORIES, Arb.longs(), (commands, seed) -> {
            KvService original = fedWith(commands);
            List<byte[]> puts = new ArrayList<>();
            for (byte[] key : KEYS) {
                KvResults.decodeValue(original.query(KvCommands.get(key)))
                        .ifPresent(v -> puts.add(KvCommands.put(key, v)));
            }
            // The same contents, inserted in another order after detours through other states.
            Collections.shuffle(puts, new Random(seed));
            List<byte[]> rebuilt = new ArrayList<>();
            for (byte[] key : KEYS) {
                rebuilt.add(KvCommands.put(key, new byte[] {9, 9}));
            }
            for (byte[] key : KEYS) {
                rebuilt.add(KvCommands.delete(key));
            }
            rebuilt.addAll(puts);
            assertThat(snapshot(fedWith(rebuilt))).isEqualTo(snapshot(original));
        });
    }

    @Test
    void layoutIsSortedByUnsignedKeyBytes() {
        KvService kv = fedWith(List.of(KvCommands.put(new byte[] {(byte) 0x80}, new byte[] {2}),
                KvCommands.put(new byte[] {0x7f}, new byte[] {1})));
        assertThat(snapshot(kv)).containsExactly(
                'M', 'K', 'V', 'S', 1, 0, 0, 0, 2,
                0, 0, 0, 1, 0x7f, 0, 0, 0, 1, 1,
                0, 0, 0, 1, 0x80, 0, 0, 0, 1, 2);
    }

    @Test
    void manyKeysRoundTrip() throws IOException {
        KvService kv = new KvService();
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            byte[] value = new byte[8];
            random.nextBytes(value);
            kv.execute(KvCommands.put(KvWorkload.key(random.nextInt(200_000)), value), CTX);
        }
        byte[] snap = snapshot(kv);
        KvService restored = new KvService();
        restored.restore(new ByteArrayInputStream(snap));
        assertThat(restored.size()).isEqualTo(kv.size());
        assertThat(snapshot(restored)).isEqualTo(snap);
    }

    /** Builds snapshot bytes by hand, to forge invalid ones. */
    private static final class Forger {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Forger header(int magic, int version, int count) throws IOException {
            out.writeInt(magic);
            out.writeByte(version);
            out.writeInt(count);
            return this;
        }

        Forger header(int count) throws IOException {
            return header(KvSnapshot.MAGIC, KvSnapshot.VERSION, count);
        }

        Forger entry(byte[] key, byte[] value) throws IOException {
            out.writeInt(key.length);
            out.write(key);
            out.writeInt(value.length);
            out.write(value);
            return this;
        }

        Forger raw(int... bs) {
            for (int b : bs) {
                bytes.write(b);
            }
            return this;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    @Test
    void forgedSnapshotsAreRefusedAndChangeNothing() throws IOException {
        KvService kv = fedWith(List.of(KvCommands.put(new byte[] {'a'}, new byte[] {'1'})));
        byte[] before = snapshot(kv);
        byte[] k1 = {1};
        byte[] k2 = {2};
        byte[] v = {0};

        assertRefused(kv, new Forger().header(0x12345678, 1, 0).bytes(), "not a kv snapshot: magic 0x12345678");
        assertRefused(kv, new Forger().header(KvSnapshot.MAGIC, 2, 0).bytes(), "unsupported kv snapshot version 2");
        assertRefused(kv, new Forger().header(2).entry(k2, v).entry(k1, v).bytes(), "is not greater than the key");
        assertRefused(kv, new Forger().header(2).entry(k1, v).entry(k1, v).bytes(), "sorted and unique");
        assertRefused(kv, new Forger().header(1).entry(new byte[9], v).bytes(), "key of entry 0 length 9 exceeds");
        assertRefused(kv, new Forger().header(1).entry(k1, new byte[17]).bytes(), "value of entry 0 length 17");
        assertRefused(kv, new Forger().header(101).bytes(), "entry count 101 exceeds the limit 100");
        assertRefused(kv, new Forger().header(-1).bytes(), "entry count 4294967295 exceeds");
        assertRefused(kv, new Forger().header(2).entry(k1, v).bytes(), "truncated");
        assertRefused(kv, new Forger().header(2).entry(k1, v).raw(0, 0, 0, 1, 5).bytes(), "truncated");
        assertRefused(kv, new Forger().header(1).entry(k1, v).raw(0).bytes(), "bytes after its 1 entries");
        assertRefused(kv, new byte[0], "truncated");
        assertThat(snapshot(kv)).isEqualTo(before);
    }

    /** A snapshot with any byte changed is either refused, leaving state alone, or canonical. */
    @Test
    void corruptedSnapshotsAreRefusedOrCanonical() {
        Props.forAll(500, HISTORIES, Arb.ints(), Arb.bytes(), (commands, where, xor) -> {
            byte[] snap = snapshot(fedWith(commands));
            snap[Math.floorMod(where, snap.length)] ^= xor;
            KvService kv = fedWith(List.of(KvCommands.put(new byte[] {'z'}, new byte[] {'z'})));
            byte[] before = snapshot(kv);
            try {
                kv.restore(new ByteArrayInputStream(snap));
            } catch (IOException refused) {
                assertThat(snapshot(kv)).isEqualTo(before);
                return;
            }
            assertThat(snapshot(kv)).isEqualTo(snap);
        });
    }

    private static void assertRefused(KvService kv, byte[] snapshot, String reason) {
        assertThatThrownBy(() -> kv.restore(new ByteArrayInputStream(snapshot))).isInstanceOf(IOException.class)
                .hasMessageContaining(reason);
    }
}
