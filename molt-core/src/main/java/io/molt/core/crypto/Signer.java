package io.molt.core.crypto;

/** Signs with one private key. Implementations are thread-safe. */
public interface Signer {
    byte[] sign(byte[] data);
}
