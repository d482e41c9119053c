package io.molt.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class DigestTest {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sha256MatchesTheFips180Vector() {
        assertThat(Digest.sha256(ABC).toHex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Digest.sha256(ABC).shortHex()).isEqualTo("ba7816bf");
    }

    @Test
    void aRangeAndAnIncrementalEngineHashLikeTheWholeArray() {
        byte[] padded = {9, 'a', 'b', 'c', 9};
        MessageDigest md = Digest.newSha256();
        md.update(ABC, 0, 1);
        md.update(ABC, 1, 2);

        assertThat(Digest.sha256(padded, 1, 3)).isEqualTo(Digest.sha256(ABC));
        assertThat(Digest.finish(md)).isEqualTo(Digest.sha256(ABC));
    }

    @Test
    void ofTakesExactly32BytesAndCopiesThem() {
        byte[] raw = Digest.sha256(ABC).toBytes();
        Digest d = Digest.of(raw);
        raw[0] ^= 1;
        d.toBytes()[1] ^= 1;

        assertThat(d).isEqualTo(Digest.sha256(ABC)).hasSameHashCodeAs(Digest.sha256(ABC));
        assertThat(d).isNotEqualTo(Digest.of(raw));
        assertThatIllegalArgumentException().isThrownBy(() -> Digest.of(new byte[31]));
        assertThatIllegalArgumentException().isThrownBy(() -> Digest.of(new byte[33]));
    }

    @Test
    void zeroIsTheAllZeroDigest() {
        assertThat(Digest.of(new byte[Digest.LENGTH])).isEqualTo(Digest.ZERO);
        assertThat(Digest.ZERO.isZero()).isTrue();
        assertThat(Digest.sha256(new byte[0]).isZero()).isFalse();
    }

    @Test
    void copyToWritesAtTheOffset() {
        byte[] dst = new byte[Digest.LENGTH + 2];
        Digest.sha256(ABC).copyTo(dst, 1);

        assertThat(dst[0]).isZero();
        assertThat(dst[1]).isEqualTo((byte) 0xba);
        assertThat(dst[Digest.LENGTH]).isEqualTo((byte) 0xad);
        assertThat(dst[Digest.LENGTH + 1]).isZero();
    }

    @Test
    void ordersAsUnsignedBytes() {
        byte[] high = new byte[Digest.LENGTH];
        high[0] = (byte) 0x80;
        byte[] low = new byte[Digest.LENGTH];
        low[0] = 0x7f;

        assertThat(Digest.of(high)).isGreaterThan(Digest.of(low));
        assertThat(Digest.ZERO).isLessThan(Digest.of(low));
    }
}
