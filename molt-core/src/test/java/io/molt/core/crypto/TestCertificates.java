package io.molt.core.crypto;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.operator.bc.BcEdECContentSignerBuilder;

/** Hand-made certificates that {@link CertificateAuthority} would never issue. */
final class TestCertificates {

    static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {}

    static Validity oneDay() {
        return Validity.startingNow(Instant.now(), Duration.ofDays(1));
    }

    /** A certificate for {@code subject} signed by {@code ca} with exactly {@code extensions}. */
    static X509Certificate signedBy(CertificateAuthority ca, String subject, Extension... extensions) throws Exception {
        KeyPair keys = Ed25519Keys.generate(RANDOM);
        Validity validity = oneDay();
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), BigInteger.TEN,
                Date.from(validity.notBefore()), Date.from(validity.notAfter()), new X500Name(subject),
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        for (Extension extension : extensions) {
            builder.addExtension(extension);
        }
        var signer = new BcEdECContentSignerBuilder(Ed25519Keys.ALGORITHM)
                .build(new Ed25519PrivateKeyParameters(Ed25519Keys.rawPrivateKey(ca.privateKey()), 0));
        return CertificateAuthority.toX509(builder.build(signer));
    }

    static Extension epochsExtension(ASN1Encodable value) throws Exception {
        return new Extension(EpochsExtension.OID, false, value.toASN1Primitive().getEncoded());
    }
}
