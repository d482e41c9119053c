package io.molt.services.noop;

import io.molt.api.ExecutionContext;
import io.molt.api.StateMachine;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The benchmark service: accepts any command and returns an empty result, so what a
 * benchmark measures is the replication itself (the same role as the throughput server
 * of other BFT libraries). Its state is the number of commands executed, so replicas that
 * diverge still show it.
 */
public final class NoopService implements StateMachine {
    private static final byte[] EMPTY = new byte[0];
    private long executed;

    @Override
    public byte[] execute(byte[] command, ExecutionContext context) {
        executed++;
        return EMPTY;
    }

    @Override
    public byte[] query(byte[] query) {
        return EMPTY;
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeLong(executed);
        data.flush();
    }

    @Override
    public void restore(InputStream in) throws IOException {
        executed = new DataInputStream(in).readLong();
    }

    public long executed() {
        return executed;
    }
}
