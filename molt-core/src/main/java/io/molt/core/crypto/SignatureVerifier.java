package io.molt.core.crypto;

/** Checks signatures made by replicas, by replica id. Implementations are thread-safe. */
public interface SignatureVerifier {

    /** True when {@code signature} is {@code replicaId}'s valid signature over {@code data}. */
    boolean verify(int replicaId, byte[] data, byte[] signature);
}
