package io.molt.services.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteReaderTest {

    @Test
    void readsBigEndianFields() {
        ByteReader in = new ByteReader(new byte[] {7, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 3, 1});
        assertThat(in.u8("a")).isEqualTo(7);
        assertThat(in.i32("b")).isEqualTo(258);
        assertThat(in.i64("c")).isEqualTo(3);
        assertThat(in.flag("d")).isTrue();
        in.expectEnd("record");
    }

    @Test
    void lengthPrefixedStringsCannotClaimMoreThanRemains() {
        ByteReader in = new ByteReader(new byte[] {0, 0, 0, 5, 1, 2});
        assertThatThrownBy(() -> in.lengthPrefixed("key")).isInstanceOf(DecodeException.class)
                .hasMessage("key length 5 exceeds the 2 bytes that remain");
    }

    @Test
    void negativeLengthsAreReportedUnsigned() {
        ByteReader in = new ByteReader(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertThatThrownBy(() -> in.lengthPrefixed("value")).isInstanceOf(DecodeException.class)
                .hasMessageContaining("4294967295");
    }

    @Test
    void flagsMustBeZeroOrOne() {
        assertThatThrownBy(() -> new ByteReader(new byte[] {2}).flag("present"))
                .isInstanceOf(DecodeException.class).hasMessage("present must be 0 or 1, was 2");
    }

    @Test
    void truncationAndTrailingBytesAreErrors() {
        assertThatThrownBy(() -> new ByteReader(new byte[3]).i32("n")).isInstanceOf(DecodeException.class)
                .hasMessage("n needs 4 bytes but only 3 remain");
        assertThatThrownBy(() -> new ByteReader(new byte[1]).expectEnd("get command"))
                .isInstanceOf(DecodeException.class).hasMessage("1 unexpected bytes after get command");
    }
}
