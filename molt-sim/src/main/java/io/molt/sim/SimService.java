package io.molt.sim;

import io.molt.api.ExecutionContext;
import io.molt.api.ServiceException;
import io.molt.api.StateMachine;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A counter for the simulator. Command {@code [0x01]} adds one and returns the new value;
 * {@code [0x02]} returns the value, as a query or as an ordered command. Every command also folds into a running hash, so
 * two replicas that executed the same commands in a different order differ.
 */
final class SimService implements StateMachine {
    static final byte INCREMENT = 1;
    static final byte READ = 2;

    private long value;
    private long history = 17;

    @Override
    public byte[] execute(byte[] command, ExecutionContext context) {
        if (command.length == 1 && command[0] == READ) {
            return query(command);
        }
        if (command.length != 1 || command[0] != INCREMENT) {
            throw new ServiceException("unknown command");
        }
        value++;
        history = history * 31 + context.clientId() * 1_000_003 + context.requestSeq();
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    @Override
    public byte[] query(byte[] query) {
        if (query.length != 1 || query[0] != READ) {
            throw new ServiceException("unknown query");
        }
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeLong(value);
        data.writeLong(history);
        data.flush();
    }

    @Override
    public void restore(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        value = data.readLong();
        history = data.readLong();
    }
}
