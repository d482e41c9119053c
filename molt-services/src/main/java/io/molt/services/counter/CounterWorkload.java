package io.molt.services.counter;

import io.molt.services.workload.Workload;
import io.molt.services.workload.WorkloadOp;
import java.util.Random;

/** The classic counter load: every operation increments by one. */
public final class CounterWorkload implements Workload {
    private static final byte[] INCREMENT_ONE = CounterCommands.increment(1);

    @Override
    public WorkloadOp next(Random random) {
        return new WorkloadOp("increment", INCREMENT_ONE.clone(), false);
    }
}
