package io.molt.client;

import java.util.TreeSet;

/**
 * Request sequence numbers for one client session, and how far apart the outstanding ones
 * may be.
 *
 * <p>Replicas execute each {@code (client, seq)} once and answer a repeated one from their
 * cache, so a restarted client must never reuse a number: a session starts at the
 * wall-clock millisecond shifted left by 20 bits, which stays ahead of any earlier session
 * as long as that one issued fewer than about a million requests per millisecond it ran.
 *
 * <p>Replicas remember a client's requests in a window of sequence numbers; a request that
 * falls a whole window behind the newest one executed expires unexecuted. Operations
 * complete out of order, so bounding how many are in flight is not enough: one request held
 * up (its proposer refreshed, a view change) while the others keep completing drifts out of
 * the window and fails. So a new number waits while it would be {@code maxSpread} or more
 * ahead of the oldest outstanding one.
 */
final class SequenceNumbers {
    private static final int SHIFT = 20;
    private final long maxSpread;
    private final TreeSet<Long> outstanding = new TreeSet<>();
    private long next;
    private int waiting;

    SequenceNumbers(long wallClockMillis, long maxSpread) {
        if (maxSpread < 1) {
            throw new IllegalArgumentException("maxSpread must be positive: " + maxSpread);
        }
        this.next = wallClockMillis << SHIFT;
        this.maxSpread = maxSpread;
    }

    /** A number for a new operation, once it is less than {@code maxSpread} ahead of the oldest outstanding. */
    synchronized long acquire() throws InterruptedException {
        waiting++;
        try {
            while (!outstanding.isEmpty() && next - outstanding.first() >= maxSpread) {
                wait();
            }
        } finally {
            waiting--;
        }
        return take();
    }

    /**
     * A fresh number at once for an operation that gives back {@code old} (a query turned
     * into an ordered request). Never waits: it is called on network threads, and it does
     * not add to the operations outstanding.
     */
    synchronized long replace(long old) {
        release(old);
        return take();
    }

    /** {@code seq}'s operation is done. */
    synchronized void release(long seq) {
        if (outstanding.remove(seq) && waiting > 0) {
            notifyAll();
        }
    }

    private long take() {
        long seq = next++;
        outstanding.add(seq);
        return seq;
    }
}
