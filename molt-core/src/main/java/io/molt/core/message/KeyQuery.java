package io.molt.core.message;

/**
 * A client's question: which key speaks for each replica now? Answered by a
 * {@link KeyReport} with the same nonce, from the replica's executed key table, without
 * touching the agreement protocol (docs/PROTOCOL.md, "Clients and refreshed keys").
 */
public record KeyQuery(long nonce) implements Message {
    @Override
    public MessageType type() {
        return MessageType.KEY_QUERY;
    }
}
