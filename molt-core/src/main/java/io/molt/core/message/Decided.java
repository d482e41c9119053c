package io.molt.core.message;

/**
 * A replica reports that {@code slot} was decided with {@code batch}. Not signed: a
 * replica that catches up this way accepts a decision once {@code t + 1} replicas report
 * the same digest.
 */
public record Decided(long slot, Batch batch) implements Message {
    @Override
    public MessageType type() {
        return MessageType.DECIDED;
    }
}
