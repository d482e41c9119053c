package io.molt.core.protocol;

import io.molt.core.codec.SignedContent;
import io.molt.core.crypto.SignatureVerifier;
import io.molt.core.message.Propose;
import java.util.List;

/**
 * Turns signed proposals into evidence. Proposals are accepted on the strength of the
 * proposer's channel, so their signatures are checked only here, when a conflict or an
 * invalid proposal has been seen: rarely, and never for a correct proposer.
 */
final class ProposalEvidence {
    private final SignatureVerifier verifier;

    ProposalEvidence(SignatureVerifier verifier) {
        this.verifier = verifier;
    }

    /** Whether {@code proposer} signed {@code p}. */
    boolean signedBy(int proposer, Propose p) {
        return verifier.verify(proposer, p.slot(), SignedContent.proposal(p.slot(), p.view(), proposer, p.batch().digest()),
                p.signature());
    }

    /**
     * Evidence that {@code proposer} signed two different batches for one slot and view, or
     * null when the two do not prove it (same batch, different slots, a signature missing).
     */
    Evidence equivocation(int proposer, Propose first, Propose second) {
        if (first.slot() != second.slot() || first.view() != second.view()
                || first.batch().digest().equals(second.batch().digest())
                || !signedBy(proposer, first) || !signedBy(proposer, second)) {
            return null;
        }
        return new Evidence(Evidence.Kind.EQUIVOCATING_PROPOSALS, proposer, first.slot(), List.of(first, second),
                "signed two batches for view " + first.view() + ": " + first.batch().digest().shortHex() + " and "
                        + second.batch().digest().shortHex());
    }

    /** Evidence that {@code proposer} signed a proposal no correct proposer makes, or null if unsigned. */
    Evidence invalid(int proposer, Propose p, String why) {
        if (!signedBy(proposer, p)) {
            return null;
        }
        return new Evidence(Evidence.Kind.INVALID_PROPOSAL, proposer, p.slot(), List.of(p), why);
    }
}
