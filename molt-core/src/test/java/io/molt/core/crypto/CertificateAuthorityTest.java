package io.molt.core.crypto;

import static io.molt.core.crypto.TestCertificates.RANDOM;
import static io.molt.core.crypto.TestCertificates.oneDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.core.id.PeerId;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    private final CertificateAuthority ca = CertificateAuthority.create(oneDay(), RANDOM);

    @Test
    void authorityCertificateIsASelfSignedCa() throws Exception {
        X509Certificate root = ca.certificate();

        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=molt-ca");
        assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(root.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        root.verify(root.getPublicKey()); // the JDK's own verifier agrees
    }

    @Test
    void issuedCertificateNamesPeerEpochsAndValidity() throws Exception {
        Instant start = Instant.parse("2030-01-02T03:04:05.678Z");
        Validity validity = new Validity(start, start.plus(Duration.ofHours(10)));
        Credentials issued = ca.issueCredentials(PeerId.replica(3), new EpochRange(2, 5), validity, RANDOM);

        CertificateInfo info = CertificateInfo.of(issued.certificate());

        assertThat(info.peer()).isEqualTo(PeerId.replica(3));
        assertThat(info.epochs()).isEqualTo(new EpochRange(2, 5));
        assertThat(info.validity()).isEqualTo(new Validity(start.truncatedTo(ChronoUnit.SECONDS),
                start.plus(Duration.ofHours(10)).truncatedTo(ChronoUnit.SECONDS)));
        assertThat(issued.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=replica-3");
        assertThat(issued.authority()).isEqualTo(ca.certificate());
        assertThat(Ed25519Keys.matches(issued.privateKey(), issued.certificate().getPublicKey())).isTrue();
        info.verifyIssuedBy(ca.certificate());
        issued.certificate().verify(ca.certificate().getPublicKey());
    }

    @Test
    void issuedCertificateIsForTlsEndEntitiesOnly() throws Exception {
        X509Certificate certificate = ca.issueCredentials(PeerId.client(7), EpochRange.ALL, oneDay(), RANDOM)
                .certificate();

        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(certificate.getExtendedKeyUsage())
                .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getNonCriticalExtensionOIDs()).contains(EpochsExtension.OID.getId());
        assertThat(certificate.getSerialNumber().signum()).isPositive();
    }

    @Test
    void openEpochRangeRoundTrips() throws Exception {
        X509Certificate certificate = ca.issueCredentials(PeerId.client(1), EpochRange.from(7), oneDay(), RANDOM)
                .certificate();

        EpochRange epochs = CertificateInfo.of(certificate).epochs();

        assertThat(epochs.isOpen()).isTrue();
        assertThat(epochs).isEqualTo(new EpochRange(7, Long.MAX_VALUE));
        assertThat(epochs.covers(6)).isFalse();
        assertThat(epochs.covers(Long.MAX_VALUE)).isTrue();
    }

    @Test
    void serialsAreRandom() {
        X509Certificate a = ca.issueCredentials(PeerId.replica(0), EpochRange.ALL, oneDay(), RANDOM).certificate();
        X509Certificate b = ca.issueCredentials(PeerId.replica(0), EpochRange.ALL, oneDay(), RANDOM).certificate();

        assertThat(a.getSerialNumber()).isNotEqualTo(b.getSerialNumber());
    }

    @Test
    void anotherAuthorityWithTheSameNameIsNotTheIssuer() throws Exception {
        CertificateAuthority impostor = CertificateAuthority.create(oneDay(), RANDOM);
        CertificateInfo info = CertificateInfo.of(
                impostor.issueCredentials(PeerId.replica(1), EpochRange.ALL, oneDay(), RANDOM).certificate());

        assertThatThrownBy(() -> info.verifyIssuedBy(ca.certificate()))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void endEntityCertificateCannotActAsIssuer() throws Exception {
        Credentials replica = ca.issueCredentials(PeerId.replica(1), EpochRange.ALL, oneDay(), RANDOM);
        CertificateInfo info = CertificateInfo.of(replica.certificate());

        assertThatThrownBy(() -> info.verifyIssuedBy(replica.certificate()))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("issued by CN=molt-ca, not by CN=replica-1");
    }

    @Test
    void certificateWithoutPeerNameIsRejected() {
        assertThatThrownBy(() -> CertificateInfo.of(ca.certificate()))
                .isInstanceOf(CertificateParsingException.class)
                .hasMessageContaining("molt-ca");
    }

    @Test
    void certificateWithTwoCommonNamesIsRejected() throws Exception {
        X509Certificate certificate = TestCertificates.signedBy(ca, "CN=replica-1,CN=replica-2",
                EpochsExtension.encode(EpochRange.ALL));

        assertThatThrownBy(() -> CertificateInfo.of(certificate))
                .isInstanceOf(CertificateParsingException.class)
                .hasMessageContaining("exactly one common name");
    }

    @Test
    void certificateWithoutEpochsIsRejected() throws Exception {
        X509Certificate certificate = TestCertificates.signedBy(ca, "CN=replica-1");

        assertThatThrownBy(() -> CertificateInfo.of(certificate))
                .isInstanceOf(CertificateParsingException.class)
                .hasMessageContaining("no epochs extension");
    }

    @Test
    void malformedEpochsAreRejected() throws Exception {
        ASN1Encodable[] bad = {
            new DERSequence(new ASN1Integer(1)),
            new DERSequence(new ASN1Encodable[] {new ASN1Integer(5), new ASN1Integer(2)}),
            new DERSequence(new ASN1Encodable[] {new ASN1Integer(-1), new ASN1Integer(2)}),
            new DERSequence(new ASN1Encodable[] {new ASN1Integer(0), new DERUTF8String("forever")}),
            new DERSequence(new ASN1Encodable[] {new ASN1Integer(0),
                new ASN1Integer(java.math.BigInteger.ONE.shiftLeft(64))}),
            new DERUTF8String("not a sequence"),
        };
        for (ASN1Encodable value : bad) {
            X509Certificate certificate = TestCertificates.signedBy(ca, "CN=replica-1",
                    TestCertificates.epochsExtension(value));

            assertThatThrownBy(() -> CertificateInfo.of(certificate))
                    .as("%s", value)
                    .isInstanceOf(CertificateParsingException.class)
                    .hasMessageContaining("malformed epochs extension");
        }
    }

    @Test
    void loadedAuthorityMustHoldItsOwnKey() throws Exception {
        CertificateAuthority other = CertificateAuthority.create(oneDay(), RANDOM);

        assertThat(CertificateAuthority.of(ca.certificate(), ca.privateKey()).certificate())
                .isEqualTo(ca.certificate());
        assertThatThrownBy(() -> CertificateAuthority.of(ca.certificate(), other.privateKey()))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void endEntityCertificateIsNotAnAuthority() {
        Credentials replica = ca.issueCredentials(PeerId.replica(1), EpochRange.ALL, oneDay(), RANDOM);

        assertThatThrownBy(() -> CertificateAuthority.of(replica.certificate(), replica.privateKey()))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("not a CA certificate");
    }
}
