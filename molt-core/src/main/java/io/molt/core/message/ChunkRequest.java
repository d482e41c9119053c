package io.molt.core.message;

/** A replica fetching state asks a peer for one chunk of its snapshot at {@code slot}. */
public record ChunkRequest(long slot, int index) implements Message {
    @Override
    public MessageType type() {
        return MessageType.CHUNK_REQUEST;
    }
}
