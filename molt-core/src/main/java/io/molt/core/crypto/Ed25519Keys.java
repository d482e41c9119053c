package io.molt.core.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Converts Ed25519 keys between the {@code java.security} form that JSSE and certificates
 * need and the raw 32-byte form that {@link Ed25519} signs with. Private keys are
 * PKCS#8 with the 32-byte seed inside (RFC 8410); public keys are X.509
 * SubjectPublicKeyInfo with the 32-byte point as the key bits.
 *
 * <p>The {@code java.security} keys come from the JDK's own key factory (not from a
 * registered Bouncy Castle provider), so the JDK's TLS stack signs with them as it would
 * with any key it made itself.
 */
public final class Ed25519Keys {

    static final AlgorithmIdentifier ALGORITHM = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);

    private Ed25519Keys() {}

    public static KeyPair generate(SecureRandom random) {
        byte[] seed = Ed25519.generatePrivateKey(random);
        return new KeyPair(publicKey(Ed25519.publicKeyOf(seed)), privateKey(seed));
    }

    /** The private key whose raw form is {@code seed} (32 bytes). */
    public static PrivateKey privateKey(byte[] seed) {
        requireLength(seed, Ed25519.PRIVATE_KEY_BYTES, "private");
        try {
            byte[] pkcs8 = new PrivateKeyInfo(ALGORITHM, new DEROctetString(seed)).getEncoded();
            return keyFactory().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the JDK refused a well-formed Ed25519 private key", e);
        }
    }

    /** The public key whose raw form is {@code raw} (32 bytes). */
    public static PublicKey publicKey(byte[] raw) {
        requireLength(raw, Ed25519.PUBLIC_KEY_BYTES, "public");
        try {
            byte[] spki = new SubjectPublicKeyInfo(ALGORITHM, raw).getEncoded();
            return keyFactory().generatePublic(new X509EncodedKeySpec(spki));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * The 32-byte seed inside an Ed25519 private key.
     *
     * @throws IllegalArgumentException when {@code key} is not an Ed25519 key in PKCS#8 form
     */
    public static byte[] rawPrivateKey(PrivateKey key) {
        return rawPrivateKey(key.getEncoded());
    }

    /** The 32-byte seed inside a PKCS#8 encoded Ed25519 private key. */
    public static byte[] rawPrivateKey(byte[] pkcs8) {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(pkcs8);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a PKCS#8 private key: " + e.getMessage(), e);
        }
        if (!ALGORITHM.getAlgorithm().equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            throw new IllegalArgumentException("not an Ed25519 private key: algorithm "
                    + info.getPrivateKeyAlgorithm().getAlgorithm());
        }
        byte[] seed;
        try {
            seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed Ed25519 private key: " + e.getMessage(), e);
        }
        requireLength(seed, Ed25519.PRIVATE_KEY_BYTES, "private");
        return seed;
    }

    /**
     * The 32-byte point of an Ed25519 public key.
     *
     * @throws IllegalArgumentException when {@code key} is not an Ed25519 key
     */
    public static byte[] rawPublicKey(PublicKey key) {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an X.509 encoded public key: " + e.getMessage(), e);
        }
        if (!ALGORITHM.getAlgorithm().equals(info.getAlgorithm().getAlgorithm())) {
            throw new IllegalArgumentException("not an Ed25519 public key: algorithm "
                    + info.getAlgorithm().getAlgorithm());
        }
        byte[] raw = info.getPublicKeyData().getOctets();
        requireLength(raw, Ed25519.PUBLIC_KEY_BYTES, "public");
        return raw;
    }

    /** Whether {@code privateKey} is the private half of {@code publicKey}. */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        return MessageDigest.isEqual(Ed25519.publicKeyOf(rawPrivateKey(privateKey)),
                rawPublicKey(publicKey));
    }

    private static KeyFactory keyFactory() throws GeneralSecurityException {
        // KeyFactory instances are not thread-safe; getting one is cheap next to what follows.
        return KeyFactory.getInstance("Ed25519", "SunEC");
    }

    private static void requireLength(byte[] key, int length, String kind) {
        if (key == null || key.length != length) {
            throw new IllegalArgumentException("an Ed25519 " + kind + " key has " + length + " bytes, not "
                    + (key == null ? "null" : key.length));
        }
    }
}
