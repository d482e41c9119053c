package io.molt.services.counter;

import io.molt.api.ExecutionContext;
import io.molt.api.ServiceException;
import io.molt.api.StateMachine;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A replicated 64-bit counter. An increment that would overflow is refused rather than
 * wrapped: a silent wrap would turn a large positive counter negative on every replica.
 *
 * <p>Snapshot: the magic {@code "MCTR"}, a format version byte (1), the value as an i64.
 */
public final class CounterService implements StateMachine {
    static final int SNAPSHOT_MAGIC = 0x4D435452; // "MCTR"
    static final int SNAPSHOT_VERSION = 1;
    private static final int SNAPSHOT_BYTES = 4 + 1 + 8;

    private long value;

    /** The current value; for tests and local inspection. */
    public long value() {
        return value;
    }

    @Override
    public byte[] execute(byte[] command, ExecutionContext context) {
        CounterCommand decoded = CounterCommands.decode(command);
        if (decoded instanceof CounterCommand.Increment inc) {
            value = add(value, inc.delta());
        }
        return CounterResults.value(value);
    }

    @Override
    public byte[] query(byte[] query) {
        if (!(CounterCommands.decode(query) instanceof CounterCommand.Get)) {
            throw new ServiceException("counter: increment is not read-only; send it as an ordered operation");
        }
        return CounterResults.value(value);
    }

    private static long add(long value, long delta) {
        long sum = value + delta;
        // Overflow happened iff both operands have the sign opposite to the sum's.
        if (((value ^ sum) & (delta ^ sum)) < 0) {
            throw new ServiceException("counter: increment by " + delta + " would overflow the value " + value);
        }
        return sum;
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(SNAPSHOT_MAGIC);
        data.writeByte(SNAPSHOT_VERSION);
        data.writeLong(value);
        data.flush();
    }

    @Override
    public void restore(InputStream in) throws IOException {
        byte[] snapshot = in.readNBytes(SNAPSHOT_BYTES);
        if (snapshot.length < SNAPSHOT_BYTES) {
            throw new IOException("counter snapshot truncated: " + snapshot.length + " of " + SNAPSHOT_BYTES
                    + " bytes");
        }
        if (in.read() != -1) {
            throw new IOException("counter snapshot has bytes after its end");
        }
        ByteBuffer data = ByteBuffer.wrap(snapshot);
        int magic = data.getInt();
        if (magic != SNAPSHOT_MAGIC) {
            throw new IOException(String.format("not a counter snapshot: magic 0x%08x", magic));
        }
        int version = data.get() & 0xff;
        if (version != SNAPSHOT_VERSION) {
            throw new IOException("unsupported counter snapshot version " + version + " (this build reads "
                    + SNAPSHOT_VERSION + ")");
        }
        value = data.getLong();
    }
}
