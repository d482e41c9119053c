package io.molt.core.message;

/** A replica that fell behind asks its peers for decisions from {@code fromSlot} on. */
public record DecisionQuery(long fromSlot) implements Message {
    @Override
    public MessageType type() {
        return MessageType.DECISION_QUERY;
    }
}
