package io.molt.services.codec;

/**
 * Bytes that do not follow a service's format. Decoders throw it; the layer that owns the
 * bytes turns it into the error its contract asks for (a {@code ServiceException} for a
 * command, an {@code IOException} for a snapshot, a {@code MoltException} for a result).
 */
public final class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DecodeException(String message) {
        super(message, null, false, false);
    }
}
