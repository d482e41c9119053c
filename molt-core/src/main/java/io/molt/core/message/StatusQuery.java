package io.molt.core.message;

/**
 * An operator's or client's question about a replica's progress. With
 * {@code includeStateDigest}, the replica also hashes its whole state (costly on large
 * states).
 */
public record StatusQuery(long nonce, boolean includeStateDigest) implements Message {
    @Override
    public MessageType type() {
        return MessageType.STATUS_QUERY;
    }
}
