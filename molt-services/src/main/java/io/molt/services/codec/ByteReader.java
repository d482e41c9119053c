package io.molt.services.codec;

import java.util.Arrays;

/**
 * Reads big-endian fields from a byte array. Every read is checked against what remains,
 * so a length field in hostile input can neither overrun the array nor make us allocate
 * more than the input itself holds.
 */
public final class ByteReader {
    private final byte[] buf;
    private int pos;

    public ByteReader(byte[] buf) {
        this.buf = buf;
    }

    public int remaining() {
        return buf.length - pos;
    }

    private void need(int n, String what) {
        if (remaining() < n) {
            throw new DecodeException(what + " needs " + n + " bytes but only " + remaining() + " remain");
        }
    }

    public int u8(String what) {
        need(1, what);
        return buf[pos++] & 0xff;
    }

    /** A presence or truth flag: exactly 0 or 1, so each value has one encoding. */
    public boolean flag(String what) {
        int v = u8(what);
        if (v > 1) {
            throw new DecodeException(what + " must be 0 or 1, was " + v);
        }
        return v == 1;
    }

    public int i32(String what) {
        need(4, what);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long i64(String what) {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    /** A byte string prefixed by its length as an unsigned 32-bit integer. */
    public byte[] lengthPrefixed(String what) {
        int len = i32(what + " length");
        if (len < 0 || len > remaining()) {
            throw new DecodeException(what + " length " + Integer.toUnsignedString(len) + " exceeds the "
                    + remaining() + " bytes that remain");
        }
        return take(len);
    }

    /** Everything that remains. */
    public byte[] rest() {
        return take(remaining());
    }

    private byte[] take(int len) {
        byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    /** Checks that the input ended where the format says it does. */
    public void expectEnd(String what) {
        if (remaining() != 0) {
            throw new DecodeException(remaining() + " unexpected bytes after " + what);
        }
    }
}
