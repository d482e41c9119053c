package io.molt.core.crypto;

import java.time.Duration;
import java.time.Instant;

/**
 * When a certificate may be used, both ends inclusive. X.509 keeps whole seconds, so a
 * certificate issued with this validity reports it truncated to seconds.
 */
public record Validity(Instant notBefore, Instant notAfter) {

    public Validity {
        if (notBefore == null || notAfter == null) {
            throw new IllegalArgumentException("validity needs both ends");
        }
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("validity ends before it starts: " + notBefore + " .. " + notAfter);
        }
    }

    /**
     * A validity that starts a little before {@code now}, so that a peer whose clock is
     * slightly behind does not reject a certificate issued a moment ago.
     */
    public static Validity startingNow(Instant now, Duration length) {
        Duration skew = Duration.ofMinutes(5);
        return new Validity(now.minus(skew), now.plus(length));
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }
}
