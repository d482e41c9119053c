package io.molt.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VerifiedSignaturesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] key = Ed25519.generatePrivateKey(RANDOM);
    private final byte[] publicKey = Ed25519.publicKeyOf(key);
    private final byte[] data = "view state of slot 18, view 2".getBytes(StandardCharsets.UTF_8);
    private final byte[] signature = Ed25519.sign(key, data);
    private final AtomicInteger verifications = new AtomicInteger();

    /** A memo whose real verifications are counted. */
    private VerifiedSignatures counting(int capacity) {
        return new VerifiedSignatures(capacity, (k, d, s) -> {
            verifications.incrementAndGet();
            return Ed25519.verify(k, d, s);
        });
    }

    @Test
    void aSignatureSeenAgainIsNotVerifiedAgain() {
        VerifiedSignatures memo = counting(16);
        assertThat(memo.verify(publicKey, data, signature)).isTrue();
        assertThat(memo.verify(publicKey, data, signature)).isTrue();
        assertThat(memo.verify(publicKey, data.clone(), signature.clone())).as("equal bytes, other arrays").isTrue();
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRememberedSignatureStillVouchesOnlyForItsOwnKeyAndBytes() {
        VerifiedSignatures memo = counting(16);
        assertThat(memo.verify(publicKey, data, signature)).isTrue();

        byte[] otherData = data.clone();
        otherData[0] ^= 1;
        assertThat(memo.verify(publicKey, otherData, signature)).as("the same signature over other bytes").isFalse();
        byte[] otherKey = Ed25519.publicKeyOf(Ed25519.generatePrivateKey(RANDOM));
        assertThat(memo.verify(otherKey, data, signature)).as("the same signature under another key").isFalse();
        byte[] flipped = signature.clone();
        flipped[5] ^= 1;
        assertThat(memo.verify(publicKey, data, flipped)).isFalse();
        // A signature one byte short, whose last byte moved into the data: the same hashed
        // bytes as the remembered entry, refused for its length before any lookup.
        byte[] shortSignature = Arrays.copyOf(signature, 63);
        byte[] shiftedData = new byte[data.length + 1];
        shiftedData[0] = signature[63];
        System.arraycopy(data, 0, shiftedData, 1, data.length);
        assertThat(memo.verify(publicKey, shiftedData, shortSignature)).isFalse();
        assertThat(memo.verify(Arrays.copyOf(publicKey, 31), data, signature)).isFalse();
    }

    @Test
    void failuresAreNotRememberedAndMemoryIsBounded() {
        VerifiedSignatures memo = counting(4);
        byte[] bad = signature.clone();
        bad[0] ^= 1;
        for (int i = 0; i < 3; i++) {
            assertThat(memo.verify(publicKey, data, bad)).isFalse();
        }
        assertThat(verifications).as("every failure is checked again").hasValue(3);
        assertThat(memo.size()).isZero();

        assertThat(memo.verify(publicKey, data, signature)).isTrue();
        for (int i = 0; i < 20; i++) {
            byte[] d = ("statement " + i).getBytes(StandardCharsets.UTF_8);
            byte[] s = Ed25519.sign(key, d);
            assertThat(memo.verify(publicKey, d, s)).isTrue();
            assertThat(memo.verify(publicKey, d, bad)).isFalse();
            assertThat(memo.size()).isLessThanOrEqualTo(8);
        }
        int before = verifications.get();
        assertThat(memo.verify(publicKey, data, signature)).as("forgotten, verified again, still valid").isTrue();
        assertThat(verifications.get()).isEqualTo(before + 1);
        assertThatThrownBy(() -> new VerifiedSignatures(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
