package io.molt.core.protocol;

/** Names a request: a client and its sequence number. */
public record RequestKey(long clientId, long seq) {

    /** Spreads keys over proposers; stable across JVMs (no identity or seeded hashing). */
    public int spread() {
        long h = clientId * 0x9E3779B97F4A7C15L + seq;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) (h & 0x7fffffff);
    }
}
