package io.molt.net;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Redial delays: exponential from a minimum to a maximum, each drawn uniformly from the
 * upper half of the current step ("equal jitter"), so that replicas restarted together do
 * not redial in lockstep, yet no delay is much shorter than the step. Not thread-safe: a
 * link uses it from its one event loop.
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private long stepMillis;

    Backoff(Duration min, Duration max, RandomGenerator random) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
        this.stepMillis = minMillis;
    }

    /** The delay before the next attempt; the step doubles for the one after. */
    long nextDelayMillis() {
        long step = stepMillis;
        stepMillis = Math.min(maxMillis, step * 2);
        long half = step / 2;
        return step - half + random.nextLong(half + 1);
    }

    /** Back to the minimum, after a connection that lasted. */
    void reset() {
        stepMillis = minMillis;
    }
}
