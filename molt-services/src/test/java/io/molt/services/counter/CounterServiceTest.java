package io.molt.services.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.api.ExecutionContext;
import io.molt.api.ServiceException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import io.molt.services.testing.Arb;
import io.molt.services.testing.Props;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterServiceTest {
    private static final ExecutionContext CTX = new ExecutionContext(1, 0, 0, 0);

    private static long run(CounterService service, byte[] command) {
        return CounterResults.decodeValue(service.execute(command, CTX));
    }

    private static byte[] snapshot(CounterService service) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        service.writeSnapshot(out);
        return out.toByteArray();
    }

    @Test
    void incrementsAnswerTheNewValue() {
        CounterService service = new CounterService();
        assertThat(run(service, CounterCommands.increment(5))).isEqualTo(5);
        assertThat(run(service, CounterCommands.increment(-7))).isEqualTo(-2);
        assertThat(run(service, CounterCommands.get())).isEqualTo(-2);
        assertThat(CounterResults.decodeValue(service.query(CounterCommands.get()))).isEqualTo(-2);
    }

    @Test
    void queriesMustBeReadOnly() {
        CounterService service = new CounterService();
        assertThatThrownBy(() -> service.query(CounterCommands.increment(1))).isInstanceOf(ServiceException.class)
                .hasMessageContaining("not read-only");
        assertThat(service.value()).isZero();
    }

    @Test
    void overflowIsRefusedAndChangesNothing() {
        CounterService service = new CounterService();
        run(service, CounterCommands.increment(Long.MAX_VALUE - 1));
        assertThatThrownBy(() -> run(service, CounterCommands.increment(2))).isInstanceOf(ServiceException.class)
                .hasMessage("counter: increment by 2 would overflow the value 9223372036854775806");
        assertThat(service.value()).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(run(service, CounterCommands.increment(1))).isEqualTo(Long.MAX_VALUE);

        CounterService low = new CounterService();
        run(low, CounterCommands.increment(Long.MIN_VALUE));
        assertThatThrownBy(() -> run(low, CounterCommands.increment(-1))).isInstanceOf(ServiceException.class);
        assertThat(low.value()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void garbageCommandsChangeNothing() {
        CounterService service = new CounterService();
        run(service, CounterCommands.increment(3));
        for (byte[] garbage : List.of(new byte[0], new byte[] {9}, new byte[] {1, 2}, new byte[10])) {
            assertThatThrownBy(() -> service.execute(garbage, CTX)).isInstanceOf(ServiceException.class);
        }
        assertThat(service.value()).isEqualTo(3);
    }

    @Test
    void snapshotRestoreSnapshotIsIdentical() {
        Props.forAll(1000, Arb.longs(), value -> {
            CounterService a = new CounterService();
            run(a, CounterCommands.increment(value));
            byte[] snap = snapshot(a);
            assertThat(snap).hasSize(13);

            CounterService b = new CounterService();
            b.restore(new ByteArrayInputStream(snap));
            assertThat(b.value()).isEqualTo(value);
            assertThat(snapshot(b)).isEqualTo(snap);
        });
    }

    @Test
    void garbageSnapshotsAreRefusedAndChangeNothing() throws IOException {
        CounterService service = new CounterService();
        run(service, CounterCommands.increment(42));
        byte[] good = snapshot(service);

        byte[] badMagic = good.clone();
        badMagic[0] ^= 1;
        byte[] badVersion = good.clone();
        badVersion[4] = 2;
        byte[] truncated = ByteBuffer.allocate(12).put(good, 0, 12).array();
        byte[] trailing = ByteBuffer.allocate(14).put(good).array();

        assertRefused(service, badMagic, "not a counter snapshot");
        assertRefused(service, badVersion, "unsupported counter snapshot version 2");
        assertRefused(service, truncated, "truncated");
        assertRefused(service, trailing, "bytes after its end");
        assertRefused(service, new byte[0], "truncated");
        assertThat(service.value()).isEqualTo(42);
    }

    private static void assertRefused(CounterService service, byte[] snapshot, String reason) {
        assertThatThrownBy(() -> service.restore(new ByteArrayInputStream(snapshot)))
                .isInstanceOf(IOException.class).hasMessageContaining(reason);
    }
}
