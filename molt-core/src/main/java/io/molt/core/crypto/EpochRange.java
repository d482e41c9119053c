package io.molt.core.crypto;

/**
 * The refresh epochs a certificate is good for, both ends inclusive. A replica's
 * certificate normally covers the epochs of one lifespan; {@link #OPEN} as the last epoch
 * means "until revoked by a later issue" (clients, and replicas before the controller
 * issues per-epoch certificates).
 */
public record EpochRange(long first, long last) {

    /** The last epoch of a range without an end. */
    public static final long OPEN = Long.MAX_VALUE;

    /** Every epoch. */
    public static final EpochRange ALL = new EpochRange(0, OPEN);

    public EpochRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("not an epoch range: [" + first + ", " + last + "]");
        }
    }

    /** The epochs from {@code first} on, without an end. */
    public static EpochRange from(long first) {
        return new EpochRange(first, OPEN);
    }

    /** Just one epoch. */
    public static EpochRange only(long epoch) {
        return new EpochRange(epoch, epoch);
    }

    public boolean isOpen() {
        return last == OPEN;
    }

    public boolean covers(long epoch) {
        return epoch >= first && epoch <= last;
    }

    @Override
    public String toString() {
        return isOpen() ? "[" + first + ", open)" : "[" + first + ", " + last + "]";
    }
}
