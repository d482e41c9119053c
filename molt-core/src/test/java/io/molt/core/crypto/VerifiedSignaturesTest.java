package io.molt.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class VerifiedSignaturesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] key = Ed25519.generatePrivateKey(RANDOM);
    private final byte[] publicKey = Ed25519.publicKeyOf(key);
    private final byte[] data = "view state of slot 18, view 2".getBytes(StandardCharsets.UTF_8);
    private final byte[] signature = Ed25519.sign(key, data);

    @Test
    void aRememberedSignatureStillVouchesOnlyForItsOwnKeyAndBytes() {
        VerifiedSignatures memo = new VerifiedSignatures(16);
        assertThat(memo.verify(publicKey, data, signature)).isTrue();
        assertThat(memo.verify(publicKey, data, signature)).as("remembered").isTrue();

        byte[] otherData = data.clone();
        otherData[0] ^= 1;
        assertThat(memo.verify(publicKey, otherData, signature)).as("the same signature over other bytes").isFalse();
        byte[] otherKey = Ed25519.publicKeyOf(Ed25519.generatePrivateKey(RANDOM));
        assertThat(memo.verify(otherKey, data, signature)).as("the same signature under another key").isFalse();
        byte[] flipped = signature.clone();
        flipped[5] ^= 1;
        assertThat(memo.verify(publicKey, data, flipped)).isFalse();
    }

    @Test
    void failuresAreNotRememberedAndMemoryIsBounded() {
        VerifiedSignatures memo = new VerifiedSignatures(2);
        byte[] bad = signature.clone();
        bad[0] ^= 1;
        for (int i = 0; i < 3; i++) {
            assertThat(memo.verify(publicKey, data, bad)).isFalse();
        }
        // Many more valid statements than the capacity: every one still verifies correctly.
        for (int i = 0; i < 20; i++) {
            byte[] d = ("statement " + i).getBytes(StandardCharsets.UTF_8);
            byte[] s = Ed25519.sign(key, d);
            assertThat(memo.verify(publicKey, d, s)).isTrue();
            assertThat(memo.verify(publicKey, d, s)).isTrue();
            assertThat(memo.verify(publicKey, d, bad)).isFalse();
        }
        assertThatThrownBy(() -> new VerifiedSignatures(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
