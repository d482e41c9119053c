package io.molt.core.codec;

/**
 * Input that is not a valid message. Thrown only by decoding; the frame is dropped and
 * nothing else changes.
 */
public final class CodecException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the input. */
    public enum Kind {
        /** The input ended before the message did. */
        TRUNCATED,
        /** A length or count exceeds a configured limit. */
        OVERSIZED,
        /** The format version is not one this build reads. */
        UNSUPPORTED_VERSION,
        /** The type tag names no message. */
        UNKNOWN_TYPE,
        /** A field holds a value the format forbids. */
        INVALID_FIELD,
        /** Bytes remain after the message ended. */
        TRAILING_BYTES
    }

    private final Kind kind;

    public CodecException(Kind kind, String message) {
        super(kind + ": " + message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
