package io.molt.core.message;

/** A replica fetching state asks a peer for the manifest of its snapshot at {@code slot}. */
public record ManifestRequest(long slot) implements Message {
    @Override
    public MessageType type() {
        return MessageType.MANIFEST_REQUEST;
    }
}
