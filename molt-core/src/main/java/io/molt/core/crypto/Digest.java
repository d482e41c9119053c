package io.molt.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest: an immutable 32-byte value with value equality. */
public final class Digest implements Comparable<Digest> {
    public static final int LENGTH = 32;

    /** The all-zero digest, used on the wire where "no value" must still have a fixed size. */
    public static final Digest ZERO = new Digest(new byte[LENGTH]);

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    private final byte[] bytes;
    private final int hash;

    private Digest(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Wraps a copy of 32 bytes. */
    public static Digest of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a digest has " + LENGTH + " bytes, not " + bytes.length);
        }
        return new Digest(bytes.clone());
    }

    /** SHA-256 of the whole array. */
    public static Digest sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    /** SHA-256 of a range of an array. */
    public static Digest sha256(byte[] data, int offset, int length) {
        MessageDigest md = SHA256.get();
        md.update(data, offset, length);
        return new Digest(md.digest());
    }

    /** A fresh SHA-256 engine for incremental hashing of large inputs. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Wraps the output of a finished SHA-256 engine. */
    public static Digest finish(MessageDigest md) {
        return new Digest(md.digest());
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Copies the digest into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    public boolean isZero() {
        return equals(ZERO);
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** The first 8 hex digits, for logs. */
    public String shortHex() {
        return toHex().substring(0, 8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && hash == d.hash && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Digest o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return shortHex();
    }
}
