package io.molt.core.message;

import io.molt.core.crypto.Ed25519;
import java.util.Arrays;
import java.util.List;

/**
 * One replica's answer to a {@link KeyQuery}: the latest epoch it has executed, and for
 * every replica (by id) the incarnation whose key speaks for it from that epoch on. A
 * single report proves nothing, since its sender may be faulty; a client adopts an entry
 * only when {@code t + 1} replicas report it alike.
 */
public record KeyReport(int replicaId, long nonce, long epoch, List<CurrentKey> keys) implements Message {

    /** The incarnation (the epoch whose change introduced the key) and its raw Ed25519 public key. */
    public record CurrentKey(long incarnation, byte[] publicKey) {
        public CurrentKey {
            if (incarnation < 0 || publicKey.length != Ed25519.PUBLIC_KEY_BYTES) {
                throw new IllegalArgumentException("incarnation " + incarnation + " with a " + publicKey.length
                        + "-byte key");
            }
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        /** Whether {@code key} is this incarnation's key (no copy). */
        public boolean hasKey(byte[] key) {
            return Arrays.equals(publicKey, key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CurrentKey k && incarnation == k.incarnation && Arrays.equals(publicKey, k.publicKey);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(incarnation) * 31 + Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return "incarnation " + incarnation;
        }
    }

    public KeyReport {
        if (replicaId < 0 || epoch < 0 || keys.isEmpty()) {
            throw new IllegalArgumentException("key report of replica " + replicaId + " at epoch " + epoch + " naming "
                    + keys.size() + " replicas");
        }
        keys = List.copyOf(keys);
    }

    @Override
    public MessageType type() {
        return MessageType.KEY_REPORT;
    }
}
