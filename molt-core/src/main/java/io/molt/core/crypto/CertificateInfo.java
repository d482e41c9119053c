package io.molt.core.crypto;

import io.molt.core.id.PeerId;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcEdDSAContentVerifierProviderBuilder;

/**
 * What Molt reads from a peer certificate: whose it is, for which epochs, and when.
 *
 * @param peer the identity in the subject's common name
 * @param epochs the epochs from the {@link EpochsExtension}
 * @param validity the certificate's validity period (whole seconds)
 * @param certificate the certificate itself
 */
public record CertificateInfo(PeerId peer, EpochRange epochs, Validity validity, X509Certificate certificate) {

    /**
     * Reads a certificate issued by a {@link CertificateAuthority}.
     *
     * @throws CertificateParsingException when the subject is not exactly one Molt peer name
     *     or the epochs extension is missing or malformed
     */
    public static CertificateInfo of(X509Certificate certificate) throws CertificateParsingException {
        return new CertificateInfo(peerOf(certificate), EpochsExtension.read(certificate),
                new Validity(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()),
                certificate);
    }

    /**
     * The peer named by the subject of {@code certificate}: its only common name, parsed
     * with {@link PeerId#parse}.
     */
    public static PeerId peerOf(X509Certificate certificate) throws CertificateParsingException {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] names = subject.getRDNs(BCStyle.CN);
        if (names.length != 1 || names[0].isMultiValued()
                || !(names[0].getFirst().getValue() instanceof ASN1String cn)) {
            throw new CertificateParsingException("subject " + certificate.getSubjectX500Principal()
                    + " does not hold exactly one common name");
        }
        try {
            return PeerId.parse(cn.getString());
        } catch (IllegalArgumentException e) {
            throw new CertificateParsingException(e.getMessage(), e);
        }
    }

    /** The raw 32-byte Ed25519 key the certificate binds to {@link #peer}. */
    public byte[] rawPublicKey() {
        return Ed25519Keys.rawPublicKey(certificate.getPublicKey());
    }

    /**
     * Checks that {@code authority} issued this certificate: the issuer is the authority's
     * subject, the authority is a CA, and the signature verifies under its key. Validity
     * dates and epochs are the caller's to check, against its own clock and epoch.
     *
     * @throws CertificateException naming what does not hold
     */
    public void verifyIssuedBy(X509Certificate authority) throws CertificateException {
        if (!certificate.getIssuerX500Principal().equals(authority.getSubjectX500Principal())) {
            throw new CertificateException("certificate of " + peer + " was issued by "
                    + certificate.getIssuerX500Principal() + ", not by " + authority.getSubjectX500Principal());
        }
        if (authority.getBasicConstraints() < 0) {
            throw new CertificateException(authority.getSubjectX500Principal() + " is not a CA certificate");
        }
        boolean valid;
        try {
            ContentVerifierProvider verifier = new BcEdDSAContentVerifierProviderBuilder()
                    .build(new X509CertificateHolder(authority.getEncoded()));
            valid = new X509CertificateHolder(certificate.getEncoded()).isSignatureValid(verifier);
        } catch (CertificateEncodingException | IOException | OperatorCreationException | CertException e) {
            throw new CertificateException("cannot check the signature on the certificate of " + peer + ": "
                    + e.getMessage(), e);
        }
        if (!valid) {
            throw new CertificateException("the signature on the certificate of " + peer + " does not verify under "
                    + authority.getSubjectX500Principal() + "'s key");
        }
    }
}
