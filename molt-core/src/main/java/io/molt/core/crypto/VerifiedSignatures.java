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
 * <p>An entry is the SHA-256 of the public key (32 bytes), the signature (64 bytes) and the
 * signed bytes, so a hit vouches for exactly that key over exactly those bytes (keys and
 * signatures of any other length are refused before the lookup); failures are not remembered. The
 * memory is bounded: two generations of at most {@code capacity} entries each, the older
 * dropped when the newer fills. Thread-safe.
 */
public final class VerifiedSignatures {
    /** The check itself: Ed25519 in production; tests count calls through it. */
    interface Check {
        boolean verify(byte[] publicKey, byte[] data, byte[] signature);
    }

    private final int capacity;
    private final Check check;
    private volatile Set<Digest> current = ConcurrentHashMap.newKeySet();
    private volatile Set<Digest> previous = Set.of();

    public VerifiedSignatures(int capacity) {
        this(capacity, Ed25519::verify);
    }

    VerifiedSignatures(int capacity, Check check) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.check = check;
    }

    /** The number of signatures remembered now (at most twice the capacity). */
    int size() {
        return current.size() + previous.size();
    }

    /** True when {@code signature} over {@code data} is valid for the raw Ed25519 {@code publicKey}. */
    public boolean verify(byte[] publicKey, byte[] data, byte[] signature) {
        if (publicKey.length != Ed25519.PUBLIC_KEY_BYTES || signature.length != Ed25519.SIGNATURE_BYTES) {
            return false; // and the entry below is unambiguous: only the data varies in length
        }
        Digest entry = entry(publicKey, data, signature);
        if (current.contains(entry) || previous.contains(entry)) {
            return true;
        }
        if (!check.verify(publicKey, data, signature)) {
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
