package io.molt.controller;

/**
 * What a controller tells whoever watches it (the demo's output, the benchmarks, the log).
 * Called from the controller's thread and from the thread that provisions the next standby
 * ahead ({@link #provisioned}, {@link #trouble}), possibly at the same time.
 */
public interface RefreshListener {
    /** A standby for {@code replica}'s next incarnation is warm and waiting. */
    default void provisioned(int replica, long epoch, Variant variant, long millis) {}

    /** The epoch change took effect, the old incarnation was killed and the standby activated. */
    default void swapped(Swap swap) {}

    /** The refreshed replica recovered its state and was reinstated as a proposer by {@code t + 1} replicas. */
    default void recovered(Swap swap, Recovery recovery) {}

    /** Something went wrong and the controller tries again; the service is not affected by itself. */
    default void trouble(String what) {}

    /**
     * One swap.
     *
     * @param epoch the epoch that retired the old incarnation
     * @param executedAt the slot that ordered the epoch change
     * @param firstSlot the first slot of the epoch (the new incarnation speaks from it)
     * @param retiredAtNanos when the old incarnation was killed ({@link System#nanoTime})
     * @param outOfServiceMillis from the kill until the standby listened under the identity
     */
    record Swap(long epoch, int replica, Variant from, Variant to, long executedAt, long firstSlot,
            long retiredAtNanos, long outOfServiceMillis) {}

    /**
     * How a refreshed replica recovered.
     *
     * @param millis from the kill of its predecessor until {@code t + 1} replicas reinstated it
     * @param stateBytes the state it fetched from its peers, as it reports itself (-1: it did
     *     not answer); for operators only
     * @param stateTransferMillis how long that fetch took, as it reports itself (-1: unknown)
     */
    record Recovery(long millis, long stateBytes, long stateTransferMillis) {}
}
