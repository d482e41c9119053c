package io.molt.core.protocol;

import java.util.Arrays;

/**
 * How long this replica waits for view 0 of a slot before giving up on its proposer. A
 * fixed timeout long enough for bad days lets a proposer that is merely slow hold every
 * later slot back on every good day: execution is in slot order. So the timeout follows
 * what view 0 normally takes here — a multiple of the median time from a slot becoming
 * awaited to its decision, over the recent slots — between a floor and the configured
 * view-change timeout. The median ignores one slow proposer among several, so it cannot
 * drag the timeout up to its own pace.
 *
 * <p>Timeouts are local: they decide when this replica stops waiting, never what is
 * decided, so adapting them cannot affect safety.
 */
final class ViewZeroPace {
    private static final int SAMPLES = 64;
    private static final int FACTOR = 8;

    private final long floorMillis;
    private final long ceilingMillis;
    private final long[] samples = new long[SAMPLES];
    /** Next position in the ring of samples. */
    private int next;
    /** Samples held, up to {@link #SAMPLES}. */
    private int held;
    /** Observations since the timeout was last recomputed. */
    private int sinceUpdate;
    private long timeout;

    ViewZeroPace(long ceilingMillis) {
        this.ceilingMillis = ceilingMillis;
        this.floorMillis = Math.max(1, ceilingMillis / 4);
        this.timeout = ceilingMillis;
    }

    /** A slot was decided in view 0 {@code millis} after it became awaited. */
    void observe(long millis) {
        samples[next] = Math.max(0, millis);
        next = (next + 1) % SAMPLES;
        held = Math.min(SAMPLES, held + 1);
        if (++sinceUpdate >= 8 && held >= SAMPLES / 4) {
            sinceUpdate = 0;
            int n = held;
            long[] sorted = Arrays.copyOf(samples, n);
            Arrays.sort(sorted);
            long median = sorted[n / 2];
            timeout = Math.max(floorMillis, Math.min(ceilingMillis, FACTOR * median));
        }
    }

    /** The current view-0 timeout. */
    long timeout() {
        return timeout;
    }
}
