package io.molt.client;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Request sequence numbers for one client session. Replicas execute each
 * {@code (client, seq)} once and answer a repeated one from their cache, so a restarted
 * client must never reuse a number: a session starts at the wall-clock millisecond shifted
 * left by 20 bits, which stays ahead of any earlier session as long as that one issued fewer
 * than about a million requests per millisecond it ran.
 */
final class SequenceNumbers {
    private static final int SHIFT = 20;
    private final AtomicLong next;

    SequenceNumbers(long wallClockMillis) {
        next = new AtomicLong(wallClockMillis << SHIFT);
    }

    long next() {
        return next.getAndIncrement();
    }
}
