package io.molt.core.message;

import java.util.Arrays;

/**
 * The proposer of {@code slot} in {@code view} proposes a batch, and signs
 * {@code (slot, view, proposer, batch digest)}. Replicas accept a proposal on the strength of
 * the channel it came over and check the signature only when they need it as evidence: two
 * signed proposals for one slot prove that the proposer equivocated.
 */
public record Propose(long slot, int view, Batch batch, byte[] signature) implements Message {
    /** The signature field of a proposal not signed yet (the core's, before the world signs it). */
    public static final byte[] UNSIGNED = new byte[64];

    /** An unsigned proposal: acceptable over the proposer's channel, worthless as evidence. */
    public Propose(long slot, int view, Batch batch) {
        this(slot, view, batch, UNSIGNED);
    }

    /** This proposal with {@code signature} attached. */
    public Propose withSignature(byte[] signature) {
        return new Propose(slot, view, batch, signature);
    }

    @Override
    public MessageType type() {
        return MessageType.PROPOSE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Propose p && slot == p.slot && view == p.view && batch.equals(p.batch)
                && Arrays.equals(signature, p.signature);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(slot) * 31 + batch.hashCode();
    }

    @Override
    public String toString() {
        return "Propose[slot=" + slot + " view=" + view + " " + batch + "]";
    }
}
