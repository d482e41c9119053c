package io.molt.services.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.api.ServiceException;
import io.molt.services.testing.Arb;
import io.molt.services.testing.Props;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KvCommandsTest {
    private static final Arb<byte[]> BYTES = Arb.byteArrays(64);
    private static final Arb<byte[]> OPTIONAL_BYTES = BYTES.orNull(0.3);

    @Test
    void getRoundTrips() {
        Props.forAll(1000, BYTES, key -> {
            KvCommand.Get get = (KvCommand.Get) KvCommands.decode(KvCommands.get(key));
            assertThat(get.key()).isEqualTo(key);
        });
    }

    @Test
    void putRoundTrips() {
        Props.forAll(1000, BYTES, BYTES, (key, value) -> {
            byte[] encoded = KvCommands.put(key, value);
            assertThat(encoded).hasSize(1 + 4 + key.length + 4 + value.length);
            KvCommand.Put put = (KvCommand.Put) KvCommands.decode(encoded);
            assertThat(put.key()).isEqualTo(key);
            assertThat(put.value()).isEqualTo(value);
        });
    }

    @Test
    void deleteRoundTrips() {
        Props.forAll(1000, BYTES, key -> {
            KvCommand.Delete delete = (KvCommand.Delete) KvCommands.decode(KvCommands.delete(key));
            assertThat(delete.key()).isEqualTo(key);
        });
    }

    @Test
    void casRoundTripsWithAbsentValues() {
        Props.forAll(1000, BYTES, OPTIONAL_BYTES, OPTIONAL_BYTES, (key, expected, update) -> {
            KvCommand.Cas cas = (KvCommand.Cas) KvCommands.decode(KvCommands.cas(key, expected, update));
            assertThat(cas.key()).isEqualTo(key);
            assertThat(cas.expected()).isEqualTo(expected);
            assertThat(cas.update()).isEqualTo(update);
        });
    }

    /** Valid encodings of commands over short keys and values. */
    private static final Arb<byte[]> SHORT = Arb.byteArrays(4);
    private static final Arb<byte[]> ENCODINGS = Arb.oneOf(
            SHORT.map(KvCommands::get),
            Arb.combine(SHORT, SHORT, KvCommands::put),
            SHORT.map(KvCommands::delete),
            Arb.combine(SHORT, SHORT.orNull(0.3), SHORT.orNull(0.3), KvCommands::cas));

    /**
     * A valid encoding as it is, or damaged by one byte: cut short, one byte appended, one
     * byte overwritten or one byte inserted. {@code how} picks the damage and its position.
     */
    private static byte[] damage(byte[] encoded, int how, byte b) {
        int kind = Math.floorMod(how, 5);
        int at = Math.floorMod(how / 5, encoded.length + 1);
        switch (kind) {
            case 0:
                return encoded;
            case 1:
                return Arrays.copyOf(encoded, Math.min(at, encoded.length - 1));
            case 2:
                byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
                longer[encoded.length] = b;
                return longer;
            case 3:
                byte[] changed = encoded.clone();
                changed[Math.min(at, encoded.length - 1)] = b;
                return changed;
            default:
                byte[] inserted = new byte[encoded.length + 1];
                System.arraycopy(encoded, 0, inserted, 0, at);
                inserted[at] = b;
                System.arraycopy(encoded, at, inserted, at + 1, encoded.length - at);
                return inserted;
        }
    }

    /**
     * Up to 24 arbitrary bytes (which decoding almost always refuses), or a valid encoding
     * perhaps damaged by a byte (which decoding must tell apart from a valid one).
     */
    private static final Arb<byte[]> INPUTS = Arb.oneOf(Arb.byteArrays(24),
            Arb.combine(ENCODINGS, Arb.ints(), Arb.bytes(), KvCommandsTest::damage));

    /** Whatever the bytes, decoding either refuses them or accepts the one encoding of a command. */
    @Test
    void anyAcceptedInputIsTheCanonicalEncoding() {
        Props.forAll(2000, INPUTS, input -> {
            KvCommand decoded;
            try {
                decoded = KvCommands.decode(input);
            } catch (ServiceException refused) {
                assertThat(refused.getMessage()).startsWith("kv: ");
                return;
            }
            assertThat(KvCommands.encode(decoded)).isEqualTo(input);
        });
    }

    @Test
    void knownLayout() {
        assertThat(KvCommands.get(new byte[] {'k'})).containsExactly(0x01, 0, 0, 0, 1, 'k');
        assertThat(KvCommands.cas(new byte[] {'k'}, null, new byte[] {'v'}))
                .containsExactly(0x04, 0, 0, 0, 1, 'k', 0, 1, 0, 0, 0, 1, 'v');
    }

    @Test
    void garbageIsRefusedWithTheReason() {
        assertRefused(new byte[0], "kv: empty command (expected an opcode byte)");
        assertRefused(new byte[] {0x05}, "kv: unknown opcode 0x05 (known: 0x01 get, 0x02 put, 0x03 delete, 0x04 cas)");
        assertRefused(new byte[] {0x01, 0, 0}, "kv: malformed get command: key length needs 4 bytes but only 2 remain");
        assertRefused(new byte[] {0x01, 0, 0, 0, 9, 'k'},
                "kv: malformed get command: key length 9 exceeds the 1 bytes that remain");
        assertRefused(new byte[] {0x02, 0, 0, 0, 1, 'k'},
                "kv: malformed put command: value length needs 4 bytes but only 0 remain");
        assertRefused(new byte[] {0x03, 0, 0, 0, 0, 'x'},
                "kv: malformed delete command: 1 unexpected bytes after delete command");
        assertRefused(new byte[] {0x04, 0, 0, 0, 0, 2, 0},
                "kv: malformed cas command: expected value presence flag must be 0 or 1, was 2");
    }

    private static void assertRefused(byte[] command, String message) {
        assertThatThrownBy(() -> KvCommands.decode(command)).isInstanceOf(ServiceException.class).hasMessage(message);
    }
}
