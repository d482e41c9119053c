package io.molt.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.core.codec.CodecException.Kind;
import io.molt.core.crypto.Digest;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class WireReaderTest {

    @Test
    void readsWhatTheWriterWrote() throws CodecException {
        Digest d = Digest.sha256(new byte[] {1, 2, 3});
        byte[] buf = new WireWriter(4).u8(0xfe).bool(true).u16(0xbeef).i32(-2).i64(Long.MIN_VALUE + 1).digest(d)
                .bytes(new byte[] {7, 8}).raw(new byte[] {9}, 0, 1).toByteArray();
        WireReader in = new WireReader(buf);

        assertThat(in.u8("u8")).isEqualTo(0xfe);
        assertThat(in.bool("bool")).isTrue();
        assertThat(in.u16("u16")).isEqualTo(0xbeef);
        assertThat(in.i32("i32")).isEqualTo(-2);
        assertThat(in.i64("i64")).isEqualTo(Long.MIN_VALUE + 1);
        assertThat(in.digest("digest")).isEqualTo(d);
        assertThat(in.bytes("bytes", 2)).containsExactly(7, 8);
        assertThat(in.fixed("fixed", 1)).containsExactly(9);
        assertThat(in.remaining()).isZero();
        in.expectEnd("test");
    }

    @Test
    void everyFixedWidthReadChecksWhatRemains() {
        assertTruncated(() -> reader(0).u8("u8"));
        assertTruncated(() -> reader(0).bool("bool"));
        assertTruncated(() -> reader(1).u16("u16"));
        assertTruncated(() -> reader(3).i32("i32"));
        assertTruncated(() -> reader(3).i32In("i32In", 0, 1));
        assertTruncated(() -> reader(7).i64("i64"));
        assertTruncated(() -> reader(7).nonNegative("nonNegative"));
        assertTruncated(() -> reader(31).digest("digest"));
        assertTruncated(() -> reader(63).fixed("fixed", 64));
        assertTruncated(() -> reader(3).count("count", 10));
    }

    @Test
    void aFailedReadConsumesNothing() throws CodecException {
        WireReader in = reader(3);
        assertTruncated(() -> in.i32("i32"));

        assertThat(in.position()).isZero();
        assertThat(in.u16("u16")).isZero();
    }

    @Test
    void readsStayInsideTheirWindowOfALargerArray() throws CodecException {
        byte[] buf = {1, 2, 3, 4, 5, 6};
        WireReader in = new WireReader(buf, 2, 3);

        assertThat(in.u16("u16")).isEqualTo(0x0304);
        assertTruncated(() -> in.u16("u16"));
        assertThat(in.u8("u8")).isEqualTo(5);
        assertTruncated(() -> in.u8("u8"));
    }

    @Test
    void aWindowOutsideTheArrayIsRefusedUpFront() {
        assertThatThrownBy(() -> new WireReader(new byte[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new WireReader(new byte[4], -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new WireReader(new byte[4], 0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void boolIsZeroOrOne() {
        assertRejected(() -> new WireReader(new byte[] {2}).bool("bool"), Kind.INVALID_FIELD);
        assertRejected(() -> new WireReader(new byte[] {(byte) 0xff}).bool("bool"), Kind.INVALID_FIELD);
    }

    @Test
    void i32InChecksBothEnds() throws CodecException {
        assertThat(new WireReader(i32(5)).i32In("v", 5, 9)).isEqualTo(5);
        assertThat(new WireReader(i32(9)).i32In("v", 5, 9)).isEqualTo(9);
        assertRejected(() -> new WireReader(i32(4)).i32In("v", 5, 9), Kind.INVALID_FIELD);
        assertRejected(() -> new WireReader(i32(10)).i32In("v", 5, 9), Kind.INVALID_FIELD);
    }

    @Test
    void nonNegativeRefusesTheSignBit() throws CodecException {
        assertThat(new WireReader(new WireWriter(8).i64(Long.MAX_VALUE).toByteArray()).nonNegative("v"))
                .isEqualTo(Long.MAX_VALUE);
        assertRejected(() -> new WireReader(new WireWriter(8).i64(-1).toByteArray()).nonNegative("v"),
                Kind.INVALID_FIELD);
    }

    @Test
    void countChecksItsLimitAndReadsAsUnsigned() throws CodecException {
        assertThat(new WireReader(i32(10)).count("n", 10)).isEqualTo(10);
        assertRejected(() -> new WireReader(i32(11)).count("n", 10), Kind.OVERSIZED);
        assertRejected(() -> new WireReader(i32(-1)).count("n", Integer.MAX_VALUE), Kind.OVERSIZED);
    }

    @Test
    void countOfElementsMustFitTheRemainingBytes() throws CodecException {
        byte[] threeOfFour = new WireWriter(16).i32(3).raw(new byte[12], 0, 12).toByteArray();
        byte[] fourOfFour = new WireWriter(16).i32(4).raw(new byte[12], 0, 12).toByteArray();

        assertThat(new WireReader(threeOfFour).count("n", 100, 4)).isEqualTo(3);
        assertRejected(() -> new WireReader(fourOfFour).count("n", 100, 4), Kind.TRUNCATED);
        // The limit is checked first, and the product cannot overflow.
        assertRejected(() -> new WireReader(i32(Integer.MAX_VALUE)).count("n", 100, Integer.MAX_VALUE),
                Kind.OVERSIZED);
        assertRejected(() -> new WireReader(i32(Integer.MAX_VALUE)).count("n", Integer.MAX_VALUE, Integer.MAX_VALUE),
                Kind.TRUNCATED);
    }

    @Test
    void byteStringLengthIsCheckedAgainstItsLimitThenWhatRemains() throws CodecException {
        byte[] five = new WireWriter(16).i32(5).raw(new byte[5], 0, 5).toByteArray();

        assertThat(new WireReader(five).bytes("b", 5)).hasSize(5);
        assertRejected(() -> new WireReader(five).bytes("b", 4), Kind.OVERSIZED);
        assertRejected(() -> new WireReader(i32(-1)).bytes("b", Integer.MAX_VALUE), Kind.OVERSIZED);
        assertRejected(() -> new WireReader(i32(Integer.MAX_VALUE)).bytes("b", Integer.MAX_VALUE), Kind.TRUNCATED);
        assertRejected(() -> new WireReader(new WireWriter(8).i32(5).u8(0).toByteArray()).bytes("b", 5),
                Kind.TRUNCATED);
    }

    @Test
    void fixedRefusesANegativeLength() {
        assertTruncated(() -> new WireReader(new byte[8]).fixed("f", -1));
    }

    @Test
    void expectEndReportsTrailingBytes() throws CodecException {
        WireReader in = new WireReader(new byte[] {1, 2});
        in.u8("u8");

        assertRejected(() -> in.expectEnd("thing"), Kind.TRAILING_BYTES);
        in.u8("u8");
        in.expectEnd("thing");
    }

    private static WireReader reader(int length) {
        return new WireReader(new byte[length]);
    }

    private static byte[] i32(int v) {
        return new WireWriter(4).i32(v).toByteArray();
    }

    private static void assertTruncated(ThrowingCallable read) {
        assertRejected(read, Kind.TRUNCATED);
    }

    private static void assertRejected(ThrowingCallable read, Kind kind) {
        assertThatThrownBy(read).isInstanceOfSatisfying(CodecException.class,
                e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind));
    }
}
