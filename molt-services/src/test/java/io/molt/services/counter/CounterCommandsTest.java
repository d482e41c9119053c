package io.molt.services.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.api.ServiceException;
import io.molt.api.client.MoltException;
import io.molt.services.testing.Arb;
import io.molt.services.testing.Props;
import org.junit.jupiter.api.Test;

class CounterCommandsTest {

    @Test
    void incrementRoundTrips() {
        Props.forAll(1000, Arb.longs(), delta -> {
            byte[] bytes = CounterCommands.increment(delta);
            assertThat(bytes).hasSize(9).startsWith(0x01);
            assertThat(CounterCommands.decode(bytes)).isEqualTo(new CounterCommand.Increment(delta));
        });
    }

    @Test
    void getIsOneByte() {
        assertThat(CounterCommands.get()).containsExactly(0x02);
        assertThat(CounterCommands.decode(CounterCommands.get())).isEqualTo(new CounterCommand.Get());
    }

    @Test
    void valueResultsRoundTrip() {
        Props.forAll(1000, Arb.longs(), value -> {
            assertThat(CounterResults.value(value)).hasSize(8);
            assertThat(CounterResults.decodeValue(CounterResults.value(value))).isEqualTo(value);
        });
    }

    @Test
    void garbageCommandsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> CounterCommands.decode(new byte[0])).isInstanceOf(ServiceException.class)
                .hasMessage("counter: empty command (expected an opcode byte)");
        assertThatThrownBy(() -> CounterCommands.decode(new byte[] {0x7f})).isInstanceOf(ServiceException.class)
                .hasMessage("counter: unknown opcode 0x7f (known: 0x01 increment, 0x02 get)");
        assertThatThrownBy(() -> CounterCommands.decode(new byte[] {0x01, 0, 0})).isInstanceOf(ServiceException.class)
                .hasMessage("counter: malformed increment command: increment delta needs 8 bytes but only 2 remain");
        assertThatThrownBy(() -> CounterCommands.decode(new byte[] {0x02, 9})).isInstanceOf(ServiceException.class)
                .hasMessage("counter: malformed get command: 1 unexpected bytes after get command");
    }

    @Test
    void malformedResultsAreClientErrors() {
        assertThatThrownBy(() -> CounterResults.decodeValue(new byte[3])).isInstanceOf(MoltException.class)
                .hasMessageContaining("expected 8 bytes, got 3");
    }
}
