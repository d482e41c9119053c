package io.molt.core.crypto;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * Parses X.509 certificates with the JDK's own factory, whatever provider a replica's
 * variant puts first. The JDK's TLS stack selects a certificate for a key exchange by its
 * public key's algorithm name, which is {@code EdDSA} for the JDK's Ed25519 keys and
 * {@code Ed25519} for Bouncy Castle's: a certificate parsed by Bouncy Castle would leave the
 * handshake with "no available authentication scheme".
 */
public final class Certificates {
    private static final String JDK_PROVIDER = "SUN";

    private Certificates() {}

    /** The certificate encoded as {@code der}. */
    public static X509Certificate fromDer(byte[] der) throws CertificateException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509", JDK_PROVIDER)
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (ClassCastException e) {
            throw new CertificateException("not an X.509 certificate", e);
        } catch (java.security.NoSuchProviderException e) {
            throw new IllegalStateException("this JDK has no " + JDK_PROVIDER + " provider", e);
        }
    }
}
