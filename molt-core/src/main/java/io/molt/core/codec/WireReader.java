package io.molt.core.codec;

import io.molt.core.codec.CodecException.Kind;
import io.molt.core.crypto.Digest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads big-endian fields from a byte array, checking every length against what remains
 * and against the limit the caller gives, so hostile input can neither overrun the buffer
 * nor make us allocate more than a limit allows.
 */
public final class WireReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    public WireReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    /** @throws IndexOutOfBoundsException when the range is not inside {@code buf} (a caller bug, not bad input) */
    public WireReader(byte[] buf, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    private void need(int n, String what) throws CodecException {
        if (n < 0 || end - pos < n) {
            throw new CodecException(Kind.TRUNCATED, what + " needs " + n + " bytes, " + (end - pos) + " left");
        }
    }

    public int u8(String what) throws CodecException {
        need(1, what);
        return buf[pos++] & 0xff;
    }

    public boolean bool(String what) throws CodecException {
        int v = u8(what);
        if (v > 1) {
            throw new CodecException(Kind.INVALID_FIELD, what + " must be 0 or 1, was " + v);
        }
        return v == 1;
    }

    public int u16(String what) throws CodecException {
        need(2, what);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public int i32(String what) throws CodecException {
        need(4, what);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long i64(String what) throws CodecException {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    /** An i32 that must lie in {@code [min, max]}. */
    public int i32In(String what, int min, int max) throws CodecException {
        int v = i32(what);
        if (v < min || v > max) {
            throw new CodecException(Kind.INVALID_FIELD, what + " must be in [" + min + ", " + max + "], was " + v);
        }
        return v;
    }

    /** An i64 that must not be negative. */
    public long nonNegative(String what) throws CodecException {
        long v = i64(what);
        if (v < 0) {
            throw new CodecException(Kind.INVALID_FIELD, what + " must not be negative, was " + v);
        }
        return v;
    }

    /** A count (u32) of elements at most {@code max}. */
    public int count(String what, int max) throws CodecException {
        int v = i32(what);
        if (v < 0 || v > max) {
            throw new CodecException(Kind.OVERSIZED, what + " count " + Integer.toUnsignedString(v)
                    + " exceeds limit " + max);
        }
        return v;
    }

    /**
     * A count (u32) of elements at most {@code max}, each of which occupies at least
     * {@code minElementBytes} on the wire. A count the remaining bytes cannot hold is
     * refused before the caller allocates room for it, so the allocation stays
     * proportional to the input even when {@code max} is generous.
     */
    public int count(String what, int max, int minElementBytes) throws CodecException {
        int n = count(what, max);
        if ((long) n * minElementBytes > end - pos) {
            throw new CodecException(Kind.TRUNCATED, what + " count " + n + " needs at least "
                    + (long) n * minElementBytes + " bytes, " + (end - pos) + " left");
        }
        return n;
    }

    public Digest digest(String what) throws CodecException {
        need(Digest.LENGTH, what);
        Digest d = Digest.of(Arrays.copyOfRange(buf, pos, pos + Digest.LENGTH));
        pos += Digest.LENGTH;
        return d;
    }

    /** A length-prefixed byte string of at most {@code max} bytes. */
    public byte[] bytes(String what, int max) throws CodecException {
        int len = i32(what + " length");
        if (len < 0 || len > max) {
            throw new CodecException(Kind.OVERSIZED, what + " length " + Integer.toUnsignedString(len)
                    + " exceeds limit " + max);
        }
        need(len, what);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    /** Exactly {@code len} raw bytes. */
    public byte[] fixed(String what, int len) throws CodecException {
        need(len, what);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    /** Fails unless every byte was consumed. */
    public void expectEnd(String what) throws CodecException {
        if (pos != end) {
            throw new CodecException(Kind.TRAILING_BYTES, (end - pos) + " bytes after the end of " + what);
        }
    }
}
