package io.molt.core.crypto;

import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers signatures that verified, so that the same signed statement arriving again (a
 * view-change state resent every base timeout, or carried inside a new-view message after
 * it arrived on its own) costs a hash instead of an Ed25519 verification. Under a storm of
 * view changes on a small machine that difference decides whether the verification stage
 * keeps up or drops the very messages that would end the storm.
 *
 * <p>An entry is the SHA-256 of the public key, the signature and the signed bytes, so a hit
 * vouches for exactly that key over exactly those bytes; failures are not remembered. The
 * memory is bounded: two generations of at most {@code capacity} entries each, the older
 * dropped when the newer fills. Thread-safe.
 */
public final class VerifiedSignatures {
    private final int capacity;
    private volatile Set<Digest> current = ConcurrentHashMap.newKeySet();
    private volatile Set<Digest> previous = Set.of();

    public VerifiedSignatures(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** True when {@code signature} over {@code data} is valid for the raw Ed25519 {@code publicKey}. */
    public boolean verify(byte[] publicKey, byte[] data, byte[] signature) {
        Digest entry = entry(publicKey, data, signature);
        if (current.contains(entry) || previous.contains(entry)) {
            return true;
        }
        if (!Ed25519.verify(publicKey, data, signature)) {
            return false;
        }
        remember(entry);
        return true;
    }

    private void remember(Digest entry) {
        Set<Digest> set = current;
        set.add(entry);
        if (set.size() >= capacity) {
            synchronized (this) {
                if (current == set) {
                    previous = set;
                    current = ConcurrentHashMap.newKeySet();
                }
            }
        }
    }

    private static Digest entry(byte[] publicKey, byte[] data, byte[] signature) {
        MessageDigest md = Digest.newSha256();
        md.update(publicKey);
        md.update(signature);
        md.update(data);
        return Digest.finish(md);
    }
}
