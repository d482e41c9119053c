package io.molt.core.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM text for certificates ({@code CERTIFICATE}) and unencrypted PKCS#8 Ed25519
 * private keys ({@code PRIVATE KEY}), the forms OpenSSL reads and writes. Each text
 * holds exactly one block.
 */
public final class Pem {

    static final String CERTIFICATE = "CERTIFICATE";
    static final String PRIVATE_KEY = "PRIVATE KEY";

    private Pem() {}

    public static String encodeCertificate(X509Certificate certificate) {
        try {
            return encode(CERTIFICATE, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    public static String encodePrivateKey(PrivateKey key) {
        // Round through the raw seed so that only well-formed Ed25519 keys are ever written.
        return encode(PRIVATE_KEY, Ed25519Keys.privateKey(Ed25519Keys.rawPrivateKey(key)).getEncoded());
    }

    /**
     * @throws IllegalArgumentException when {@code pem} is not one {@code CERTIFICATE} block
     *     holding an X.509 certificate
     */
    public static X509Certificate decodeCertificate(String pem) {
        byte[] der = decode(pem, CERTIFICATE);
        try {
            return Certificates.fromDer(der);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("PEM block " + CERTIFICATE + " does not hold an X.509 certificate: "
                    + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException when {@code pem} is not one {@code PRIVATE KEY}
     *     block holding an Ed25519 key
     */
    public static PrivateKey decodePrivateKey(String pem) {
        byte[] der = decode(pem, PRIVATE_KEY);
        return Ed25519Keys.privateKey(Ed25519Keys.rawPrivateKey(der));
    }

    private static String encode(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string failed", e);
        }
        return text.toString();
    }

    private static byte[] decode(String pem, String expectedType) {
        List<PemObject> blocks = readBlocks(pem);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no PEM block found (expected -----BEGIN " + expectedType + "-----)");
        }
        if (blocks.size() > 1) {
            throw new IllegalArgumentException("expected one PEM block, found " + blocks.size());
        }
        PemObject block = blocks.get(0);
        if (!block.getType().equals(expectedType)) {
            String hint = block.getType().startsWith("ENCRYPTED") ? " (encrypted keys are not supported)" : "";
            throw new IllegalArgumentException("expected a PEM block of type " + expectedType + ", found "
                    + block.getType() + hint);
        }
        return block.getContent();
    }

    private static List<PemObject> readBlocks(String pem) {
        List<PemObject> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            // BC reports a missing END line as IOException and bad base64 as DecoderException.
            throw new IllegalArgumentException("malformed PEM: " + e.getMessage(), e);
        }
        return blocks;
    }
}
