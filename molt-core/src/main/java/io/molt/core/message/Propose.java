package io.molt.core.message;

/** The proposer of {@code slot} in {@code view} proposes a batch. */
public record Propose(long slot, int view, Batch batch) implements Message {
    @Override
    public MessageType type() {
        return MessageType.PROPOSE;
    }
}
