package io.molt.core.crypto;

import java.util.List;

/**
 * The Ed25519 public keys an ensemble starts with, by replica id, for every slot alike (the
 * protocol core turns them into {@code ReplicaKeys}, which follow epoch changes).
 */
public final class ReplicaKeyRing implements SignatureVerifier {
    private final byte[][] publicKeys;

    public ReplicaKeyRing(List<byte[]> publicKeys) {
        this.publicKeys = new byte[publicKeys.size()][];
        for (int i = 0; i < this.publicKeys.length; i++) {
            byte[] key = publicKeys.get(i);
            if (key.length != Ed25519.PUBLIC_KEY_BYTES) {
                throw new IllegalArgumentException("public key of replica " + i + " has " + key.length + " bytes");
            }
            this.publicKeys[i] = key.clone();
        }
    }

    @Override
    public boolean verify(int replicaId, long slot, byte[] data, byte[] signature) {
        return replicaId >= 0 && replicaId < publicKeys.length && Ed25519.verify(publicKeys[replicaId], data, signature);
    }

    /** The keys, by replica id (copies). */
    public List<byte[]> keys() {
        List<byte[]> copy = new java.util.ArrayList<>(publicKeys.length);
        for (byte[] key : publicKeys) {
            copy.add(key.clone());
        }
        return copy;
    }

    public int size() {
        return publicKeys.length;
    }
}
