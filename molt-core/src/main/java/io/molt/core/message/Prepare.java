package io.molt.core.message;

import io.molt.core.crypto.Digest;

/** A replica accepted the batch with {@code digest} for {@code slot} in {@code view}. */
public record Prepare(long slot, int view, Digest digest) implements Message {
    @Override
    public MessageType type() {
        return MessageType.PREPARE;
    }
}
