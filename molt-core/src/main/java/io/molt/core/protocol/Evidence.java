package io.molt.core.protocol;

import io.molt.core.message.Message;
import java.util.List;

/**
 * Proof that a replica misbehaved: messages it signed that no correct replica signs
 * together. Anyone holding the culprit's public key can check it without trusting the
 * replica that found it, which is what later lets the controller refresh the culprit at
 * once.
 *
 * @param kind what the messages prove
 * @param culprit the replica that signed them
 * @param slot the slot they concern
 * @param proof the signed messages (the culprit's, and where needed the certificate they
 *     contradict)
 * @param detail a sentence for operators
 */
public record Evidence(Kind kind, int culprit, long slot, List<Message> proof, String detail) {

    public Evidence {
        proof = List.copyOf(proof);
    }

    public enum Kind {
        /** Two different batches signed by a proposer for one slot and view. */
        EQUIVOCATING_PROPOSALS,
        /** A signed proposal that breaks the rules on its face (header, repeated requests). */
        INVALID_PROPOSAL,
        /** Two different checkpoint digests signed for one slot. */
        CONFLICTING_CHECKPOINTS,
        /** A checkpoint digest that contradicts a stable checkpoint (a quorum signed another). */
        WRONG_CHECKPOINT
    }

    @Override
    public String toString() {
        return kind + " by replica " + culprit + " at slot " + slot + ": " + detail;
    }
}
