package io.molt.services.noop;

import io.molt.services.workload.Workload;
import io.molt.services.workload.WorkloadOp;
import java.util.Random;

/** Ordered commands of a fixed size (the workload's value size), random bytes. */
public final class NoopWorkload implements Workload {
    private final int bytes;

    public NoopWorkload(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("payload size must not be negative: " + bytes);
        }
        this.bytes = bytes;
    }

    @Override
    public WorkloadOp next(Random random) {
        byte[] payload = new byte[bytes];
        random.nextBytes(payload);
        return new WorkloadOp("noop", payload, false);
    }
}
