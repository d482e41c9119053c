package io.molt.core.crypto;

import static io.molt.core.crypto.TestCertificates.RANDOM;
import static io.molt.core.crypto.TestCertificates.oneDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.core.id.PeerId;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class PemTest {

    private final Credentials credentials = CertificateAuthority.create(oneDay(), RANDOM)
            .issueCredentials(PeerId.replica(2), EpochRange.ALL, oneDay(), RANDOM);

    @Test
    void certificateRoundTrips() {
        String pem = Pem.encodeCertificate(credentials.certificate());

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----").contains("-----END CERTIFICATE-----");
        assertThat(Pem.decodeCertificate(pem)).isEqualTo(credentials.certificate());
    }

    @Test
    void privateKeyRoundTrips() {
        String pem = Pem.encodePrivateKey(credentials.privateKey());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Ed25519Keys.rawPrivateKey(Pem.decodePrivateKey(pem)))
                .isEqualTo(Ed25519Keys.rawPrivateKey(credentials.privateKey()));
    }

    @Test
    void decodingToleratesSurroundingText() {
        String pem = "subject=CN=replica-2\n" + Pem.encodeCertificate(credentials.certificate()) + "\n";

        X509Certificate decoded = Pem.decodeCertificate(pem);

        assertThat(decoded).isEqualTo(credentials.certificate());
    }

    @Test
    void malformedPemIsRejectedWithAReason() {
        String certificate = Pem.encodeCertificate(credentials.certificate());
        String key = Pem.encodePrivateKey(credentials.privateKey());

        assertThatThrownBy(() -> Pem.decodeCertificate(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM block found");
        assertThatThrownBy(() -> Pem.decodePrivateKey(certificate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a PEM block of type PRIVATE KEY, found CERTIFICATE");
        assertThatThrownBy(() -> Pem.decodeCertificate(certificate.substring(0, certificate.indexOf("-----END"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed PEM");
        assertThatThrownBy(() -> Pem.decodeCertificate(certificate + certificate))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected one PEM block, found 2");
        assertThatThrownBy(() -> Pem.decodePrivateKey(key.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted keys are not supported");
    }

    @Test
    void wellFormedPemWithTheWrongContentIsRejected() {
        String notBase64 = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
        String notACertificate = "-----BEGIN CERTIFICATE-----\nAAECAwQ=\n-----END CERTIFICATE-----\n";
        String notAKey = "-----BEGIN PRIVATE KEY-----\nAAECAwQ=\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> Pem.decodeCertificate(notBase64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed PEM");
        assertThatThrownBy(() -> Pem.decodeCertificate(notACertificate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not hold an X.509 certificate");
        assertThatThrownBy(() -> Pem.decodePrivateKey(notAKey))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PKCS#8 private key");
    }
}
