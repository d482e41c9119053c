package io.molt.core.crypto;

import java.io.IOException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.Extension;

/**
 * The certificate extension that names the refresh epochs a certificate covers:
 * {@code SEQUENCE { first INTEGER, last INTEGER }}, non-critical, under Molt's private
 * arc. Non-critical because TLS stacks that do not know it must still accept the
 * certificate; Molt itself checks it.
 */
public final class EpochsExtension {

    /** Molt's private arc is 1.3.6.1.4.1.58888; {@code .1} holds certificate extensions. */
    public static final ASN1ObjectIdentifier OID = new ASN1ObjectIdentifier("1.3.6.1.4.1.58888.1.1");

    private EpochsExtension() {}

    static Extension encode(EpochRange epochs) {
        DERSequence value = new DERSequence(new ASN1Encodable[] {
            new ASN1Integer(epochs.first()), new ASN1Integer(epochs.last())});
        try {
            return new Extension(OID, false, value.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of two integers failed", e);
        }
    }

    /** The epochs {@code certificate} covers. */
    public static EpochRange read(X509Certificate certificate) throws CertificateParsingException {
        byte[] wrapped = certificate.getExtensionValue(OID.getId());
        if (wrapped == null) {
            throw new CertificateParsingException("certificate " + certificate.getSubjectX500Principal()
                    + " has no epochs extension (" + OID + ")");
        }
        try {
            return decode(ASN1OctetString.getInstance(wrapped).getOctets());
        } catch (IOException | RuntimeException e) {
            // BC reports malformed ASN.1 with IllegalArgumentException or ArithmeticException.
            throw new CertificateParsingException("malformed epochs extension in "
                    + certificate.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes the extension value (what getExtensionValue returns is that, wrapped in an OCTET STRING). */
    private static EpochRange decode(byte[] der) throws IOException {
        ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
        if (sequence.size() != 2) {
            throw new IOException(sequence.size() + " elements, expected 2");
        }
        long first = ASN1Integer.getInstance(sequence.getObjectAt(0)).longValueExact();
        long last = ASN1Integer.getInstance(sequence.getObjectAt(1)).longValueExact();
        return new EpochRange(first, last);
    }
}
