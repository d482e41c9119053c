package io.molt.services.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.api.client.MoltException;
import io.molt.services.testing.Arb;
import io.molt.services.testing.Props;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KvResultsTest {
    /** Values past 255 bytes too, so no length is mistaken for a u8. */
    private static final Arb<byte[]> VALUES = Arb.byteArrays(300);

    @Test
    void valuesRoundTrip() {
        Props.forAll(1000, VALUES, value -> {
            assertThat(KvResults.value(value)).hasSize(1 + value.length);
            assertThat(KvResults.decodeValue(KvResults.value(value)))
                    .hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
        });
    }

    @Test
    void casOutcomesRoundTrip() {
        Props.forAll(1000, Arb.booleans(), VALUES, (swapped, current) -> {
            assertThat(KvResults.decodeCas(KvResults.cas(swapped, current)))
                    .isEqualTo(new CasResult(swapped, current));
            assertThat(KvResults.decodeCas(KvResults.cas(swapped, null))).isEqualTo(new CasResult(swapped, null));
        });
    }

    @Test
    void absentIsDistinctFromEmpty() {
        assertThat(KvResults.decodeValue(KvResults.value(null))).isEqualTo(Optional.empty());
        assertThat(KvResults.decodeValue(KvResults.value(new byte[0])))
                .hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(KvResults.decodeCas(KvResults.cas(false, new byte[0])).currentValue()).isPresent();
        assertThat(KvResults.decodeCas(KvResults.cas(false, null)).currentValue()).isEmpty();
    }

    @Test
    void malformedResultsAreClientErrors() {
        assertThatThrownBy(() -> KvResults.decodeValue(new byte[0])).isInstanceOf(MoltException.class)
                .hasMessageContaining("empty result");
        assertThatThrownBy(() -> KvResults.decodeValue(new byte[] {0, 1})).isInstanceOf(MoltException.class)
                .hasMessageContaining("tag 0 with 1 value bytes");
        assertThatThrownBy(() -> KvResults.decodeValue(new byte[] {7})).isInstanceOf(MoltException.class);
        assertThatThrownBy(() -> KvResults.decodeCas(new byte[] {4})).isInstanceOf(MoltException.class);
        assertThatThrownBy(() -> KvResults.decodeCas(new byte[] {1, 9})).isInstanceOf(MoltException.class);
    }
}
