package io.molt.core.message;

import io.molt.core.crypto.Digest;

/** A replica saw a quorum of prepares for {@code digest} in {@code slot}, {@code view}. */
public record Commit(long slot, int view, Digest digest) implements Message {
    @Override
    public MessageType type() {
        return MessageType.COMMIT;
    }
}
