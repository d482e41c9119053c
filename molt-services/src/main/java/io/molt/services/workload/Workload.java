package io.molt.services.workload;

import java.util.Random;

/**
 * Produces the operations a load generator sends to a service. All randomness comes from the
 * {@code Random} the caller passes, so a seed reproduces a run operation for operation.
 */
@FunctionalInterface
public interface Workload {
    WorkloadOp next(Random random);
}
