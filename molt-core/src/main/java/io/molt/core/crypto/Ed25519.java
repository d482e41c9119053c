package io.molt.core.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Ed25519 through Bouncy Castle's low-level engine, which is an order of magnitude faster
 * here than the JDK's provider (about 35 us to sign and 80 us to verify).
 */
public final class Ed25519 {
    public static final int PUBLIC_KEY_BYTES = 32;
    public static final int PRIVATE_KEY_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    private Ed25519() {}

    /** A new private key (32 bytes) from {@code random}. */
    public static byte[] generatePrivateKey(SecureRandom random) {
        return new Ed25519PrivateKeyParameters(random).getEncoded();
    }

    public static byte[] publicKeyOf(byte[] privateKey) {
        return new Ed25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
    }

    public static byte[] sign(byte[] privateKey, byte[] data) {
        byte[] sig = new byte[SIGNATURE_BYTES];
        new Ed25519PrivateKeyParameters(privateKey, 0).sign(
                org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, data, 0, data.length, sig, 0);
        return sig;
    }

    /** False for a malformed key or signature as well as for a wrong one; never throws. */
    public static boolean verify(byte[] publicKey, byte[] data, byte[] signature) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES || signature == null
                || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            return new Ed25519PublicKeyParameters(publicKey, 0).verify(
                    org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, data, 0, data.length,
                    signature, 0);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A signer holding one private key. */
    public static Signer signer(byte[] privateKey) {
        if (privateKey.length != PRIVATE_KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 private key has 32 bytes");
        }
        byte[] key = privateKey.clone();
        return data -> sign(key, data);
    }
}
