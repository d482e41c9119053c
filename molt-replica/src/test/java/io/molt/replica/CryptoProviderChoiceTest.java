package io.molt.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.crypto.Ed25519Keys;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;

/**
 * The Bouncy Castle a {@code bc} variant installs: its engines, working on the JDK's key
 * objects, and none of its own key or certificate objects for what the JDK's TLS stack
 * recognises by name. (Installing it is process-wide, so the handshakes themselves are
 * exercised by the real-process refresh tests, whose replicas alternate providers.)
 */
class CryptoProviderChoiceTest {
    private final Provider bc = CryptoProviderChoice.bouncyCastleForJdkTls();

    @Test
    void bouncyCastleLeavesEdwardsAndMontgomeryKeysAndCertificatesToTheJdk() {
        for (String algorithm : new String[] {"Ed25519", "EdDSA", "Ed448", "XDH", "X25519", "X448", "1.3.101.112",
            "OID.1.3.101.110"}) {
            assertThat(bc.getService("KeyFactory", algorithm)).as("KeyFactory " + algorithm).isNull();
            assertThat(bc.getService("KeyPairGenerator", algorithm)).as("KeyPairGenerator " + algorithm).isNull();
        }
        assertThat(bc.getService("CertificateFactory", "X.509")).isNull();
        assertThat(bc.getService("KeyFactory", "RSA")).as("costly on the JDK's trust store").isNull();
        assertThat(bc.getService("SecureRandom", "DEFAULT")).isNull();
        assertThat(bc.getService("KeyFactory", "EC")).as("other key factories stay").isNotNull();
        assertThat(bc.getService("Mac", "HmacSHA256")).isNotNull();
        assertThat(bc.getService("MessageDigest", "SHA-256")).isNotNull();
        assertThat(bc.getService("Cipher", "AES")).isNotNull();
    }

    @Test
    void itsEnginesSignAndAgreeOnTheJdksKeyObjects() throws Exception {
        SecureRandom random = new SecureRandom();
        KeyPair ed = Ed25519Keys.generate(random);
        assertThat(ed.getPrivate().getAlgorithm()).as("the JDK's key object").isEqualTo("EdDSA");
        Signature signer = Signature.getInstance("Ed25519", bc);
        signer.initSign(ed.getPrivate());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519", bc);
        verifier.initVerify(ed.getPublic());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).isTrue();

        KeyPairGenerator jdkX25519 = KeyPairGenerator.getInstance("X25519", "SunEC");
        KeyPair a = jdkX25519.generateKeyPair();
        KeyPair b = jdkX25519.generateKeyPair();
        KeyAgreement ab = KeyAgreement.getInstance("X25519", bc);
        ab.init(a.getPrivate());
        ab.doPhase(b.getPublic(), true);
        KeyAgreement ba = KeyAgreement.getInstance("X25519", bc);
        ba.init(b.getPrivate());
        ba.doPhase(a.getPublic(), true);
        assertThat(ab.generateSecret()).isEqualTo(ba.generateSecret());
    }
}
