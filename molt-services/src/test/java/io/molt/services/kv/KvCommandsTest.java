package io.molt.services.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.api.ServiceException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class KvCommandsTest {

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    }

    @Provide
    Arbitrary<byte[]> optionalBytes() {
        return bytes().injectNull(0.3);
    }

    @Property
    void getRoundTrips(@ForAll("bytes") byte[] key) {
        KvCommand.Get get = (KvCommand.Get) KvCommands.decode(KvCommands.get(key));
        assertThat(get.key()).isEqualTo(key);
    }

    @Property
    void putRoundTrips(@ForAll("bytes") byte[] key, @ForAll("bytes") byte[] value) {
        byte[] encoded = KvCommands.put(key, value);
        assertThat(encoded).hasSize(1 + 4 + key.length + 4 + value.length);
        KvCommand.Put put = (KvCommand.Put) KvCommands.decode(encoded);
        assertThat(put.key()).isEqualTo(key);
        assertThat(put.value()).isEqualTo(value);
    }

    @Property
    void deleteRoundTrips(@ForAll("bytes") byte[] key) {
        KvCommand.Delete delete = (KvCommand.Delete) KvCommands.decode(KvCommands.delete(key));
        assertThat(delete.key()).isEqualTo(key);
    }

    @Property
    void casRoundTripsWithAbsentValues(@ForAll("bytes") byte[] key, @ForAll("optionalBytes") byte[] expected,
            @ForAll("optionalBytes") byte[] update) {
        KvCommand.Cas cas = (KvCommand.Cas) KvCommands.decode(KvCommands.cas(key, expected, update));
        assertThat(cas.key()).isEqualTo(key);
        assertThat(cas.expected()).isEqualTo(expected);
        assertThat(cas.update()).isEqualTo(update);
    }

    /** Whatever the bytes, decoding either refuses them or accepts the one encoding of a command. */
    @Property(tries = 2000)
    void anyAcceptedInputIsTheCanonicalEncoding(@ForAll @Size(max = 24) byte[] input) {
        KvCommand decoded;
        try {
            decoded = KvCommands.decode(input);
        } catch (ServiceException refused) {
            assertThat(refused.getMessage()).startsWith("kv: ");
            return;
        }
        assertThat(KvCommands.encode(decoded)).isEqualTo(input);
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
