package io.molt.core.crypto;

/**
 * Checks signatures made by replicas, by replica id and by the slot the signed statement is
 * about (a refreshed replica's keys differ from one epoch to the next). Implementations are
 * thread-safe.
 */
public interface SignatureVerifier {

    /**
     * True when {@code signature} over {@code data} was made with the key that speaks for
     * {@code replicaId} at {@code slot}.
     */
    boolean verify(int replicaId, long slot, byte[] data, byte[] signature);
}
