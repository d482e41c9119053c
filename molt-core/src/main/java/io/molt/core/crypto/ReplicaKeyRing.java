package io.molt.core.crypto;

import java.util.List;

/** The Ed25519 public keys of the replicas, by replica id. */
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
    public boolean verify(int replicaId, byte[] data, byte[] signature) {
        return replicaId >= 0 && replicaId < publicKeys.length && Ed25519.verify(publicKeys[replicaId], data, signature);
    }

    public int size() {
        return publicKeys.length;
    }
}
