package io.molt.services.kv;

import java.util.Arrays;

/**
 * A key as a hash-map key: content equality, a cached hash, and the unsigned lexicographic
 * order that snapshots are sorted by. The array is owned, never exposed for writing.
 */
final class ByteKey implements Comparable<ByteKey> {
    private final byte[] bytes;
    private final int hash;

    ByteKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The key's bytes; callers must not modify them. */
    byte[] bytes() {
        return bytes;
    }

    @Override
    public int compareTo(ByteKey other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return describe(bytes);
    }

    /** A short, readable rendering of a key for error messages: printable ASCII, else hex escapes. */
    static String describe(byte[] key) {
        int shown = Math.min(key.length, 32);
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < shown; i++) {
            int b = key[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\'' && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        sb.append('\'');
        if (shown < key.length) {
            sb.append("... (").append(key.length).append(" bytes)");
        }
        return sb.toString();
    }
}
