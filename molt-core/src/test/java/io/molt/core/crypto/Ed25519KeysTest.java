package io.molt.core.crypto;

import static io.molt.core.crypto.TestCertificates.RANDOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class Ed25519KeysTest {

    private static final byte[] MESSAGE = "prepare 7".getBytes(StandardCharsets.UTF_8);

    @Test
    void rawFormsRoundTrip() {
        byte[] seed = Ed25519.generatePrivateKey(RANDOM);
        byte[] point = Ed25519.publicKeyOf(seed);

        assertThat(Ed25519Keys.rawPrivateKey(Ed25519Keys.privateKey(seed))).isEqualTo(seed);
        assertThat(Ed25519Keys.rawPublicKey(Ed25519Keys.publicKey(point))).isEqualTo(point);
        assertThat(Ed25519Keys.privateKey(seed).getFormat()).isEqualTo("PKCS#8");
        assertThat(Ed25519Keys.publicKey(point).getFormat()).isEqualTo("X.509");
    }

    @Test
    void jdkAndRawSignaturesInteroperate() throws Exception {
        KeyPair keys = Ed25519Keys.generate(RANDOM);
        byte[] rawPrivate = Ed25519Keys.rawPrivateKey(keys.getPrivate());
        byte[] rawPublic = Ed25519Keys.rawPublicKey(keys.getPublic());

        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(keys.getPrivate());
        jdk.update(MESSAGE);
        assertThat(Ed25519.verify(rawPublic, MESSAGE, jdk.sign())).isTrue();

        jdk.initVerify(keys.getPublic());
        jdk.update(MESSAGE);
        assertThat(jdk.verify(Ed25519.sign(rawPrivate, MESSAGE))).isTrue();
    }

    @Test
    void keysFromTheJdkGeneratorConvert() throws Exception {
        KeyPair jdkKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        byte[] seed = Ed25519Keys.rawPrivateKey(jdkKeys.getPrivate());

        assertThat(Ed25519.publicKeyOf(seed)).isEqualTo(Ed25519Keys.rawPublicKey(jdkKeys.getPublic()));
        assertThat(Ed25519Keys.matches(jdkKeys.getPrivate(), jdkKeys.getPublic())).isTrue();
    }

    @Test
    void matchesTellsKeyPairsApart() {
        KeyPair a = Ed25519Keys.generate(RANDOM);
        KeyPair b = Ed25519Keys.generate(RANDOM);

        assertThat(Ed25519Keys.matches(a.getPrivate(), a.getPublic())).isTrue();
        assertThat(Ed25519Keys.matches(a.getPrivate(), b.getPublic())).isFalse();
    }

    @Test
    void otherAlgorithmsAndLengthsAreRejected() throws Exception {
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();

        assertThatThrownBy(() -> Ed25519Keys.rawPrivateKey(ec.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an Ed25519 private key");
        assertThatThrownBy(() -> Ed25519Keys.rawPublicKey(ec.getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an Ed25519 public key");
        assertThatThrownBy(() -> Ed25519Keys.privateKey(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Ed25519Keys.rawPrivateKey(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PKCS#8 private key");
    }
}
