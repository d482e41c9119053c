package io.molt.replica;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per client: {@code perSecond} messages a second, in bursts of as many. A
 * client over its rate loses the excess, so one client cannot take the replica's time from
 * the others; it is told so at most once a second, never once per dropped message.
 * Called from the network threads.
 */
final class ClientRateLimiter {
    /** What to do with one message. */
    enum Verdict { ACCEPT, DROP, DROP_AND_TELL }

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final double perSecond;
    private final ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();

    ClientRateLimiter(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("the rate must be positive: " + perSecond);
        }
        this.perSecond = perSecond;
    }

    Verdict admit(long clientId, long nowNanos) {
        return buckets.computeIfAbsent(clientId, id -> new Bucket(perSecond, nowNanos)).take(nowNanos);
    }

    private static final class Bucket {
        private final double capacity;
        private double tokens;
        private long refilledAt;
        private long toldAt = Long.MIN_VALUE / 2;

        Bucket(double capacity, long now) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.refilledAt = now;
        }

        synchronized Verdict take(long now) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) * capacity / SECOND);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Verdict.ACCEPT;
            }
            if (now - toldAt >= SECOND) {
                toldAt = now;
                return Verdict.DROP_AND_TELL;
            }
            return Verdict.DROP;
        }
    }
}
