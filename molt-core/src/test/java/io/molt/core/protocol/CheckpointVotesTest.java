package io.molt.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.crypto.Digest;
import io.molt.core.message.Checkpoint;
import io.molt.core.quorum.Quorums;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointVotesTest {
    private static final Digest GOOD = Digest.sha256(new byte[] {1});
    private static final Digest BAD = Digest.sha256(new byte[] {2});

    private static Checkpoint cp(long slot, int replica, Digest d) {
        return new Checkpoint(slot, replica, d, new byte[64]);
    }

    private final CheckpointVotes votes = new CheckpointVotes(new Quorums(4, 1, 0));

    @Test
    void aQuorumOfMatchingDigestsMakesACheckpointStable() {
        assertThat(votes.add(cp(64, 0, GOOD))).isNull();
        assertThat(votes.add(cp(64, 1, GOOD))).isNull();
        assertThat(votes.advanceStable()).as("two of four are not a quorum").isNull();
        assertThat(votes.highestCertified().slot()).as("but t + 1 certify the digest").isEqualTo(64);
        assertThat(votes.add(cp(64, 3, BAD))).isNull();
        assertThat(votes.add(cp(64, 2, GOOD))).isNull();
        List<Evidence> evidence = votes.advanceStable();
        assertThat(votes.stableSlot()).isEqualTo(64);
        assertThat(votes.stableProof()).extracting(Checkpoint::replicaId).containsExactly(0, 1, 2);
        assertThat(evidence).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Evidence.Kind.WRONG_CHECKPOINT);
            assertThat(e.culprit()).isEqualTo(3);
            assertThat(e.proof()).hasSize(4);
        });
        // A late dissenter is caught too; late agreement changes nothing.
        assertThat(votes.add(cp(64, 3, BAD)).kind()).isEqualTo(Evidence.Kind.WRONG_CHECKPOINT);
        assertThat(votes.add(cp(64, 3, GOOD))).isNull();
        assertThat(votes.advanceStable()).isNull();
    }

    @Test
    void twoDigestsSignedForOneSlotAreEvidence() {
        votes.add(cp(64, 2, GOOD));
        Evidence e = votes.add(cp(64, 2, BAD));
        assertThat(e.kind()).isEqualTo(Evidence.Kind.CONFLICTING_CHECKPOINTS);
        assertThat(e.culprit()).isEqualTo(2);
        assertThat(e.proof()).hasSize(2);
        assertThat(votes.add(cp(64, 2, GOOD))).as("the same statement again is no news").isNull();
    }

    @Test
    void aFaultyReplicaCannotCertifyAloneNorHoardMemory() {
        for (long s = 1; s <= 100; s++) {
            votes.add(cp(64 * s, 3, BAD));
        }
        assertThat(votes.highestCertified()).isNull();
        // Its flood did not push out the checkpoints of correct replicas.
        votes.add(cp(64, 0, GOOD));
        votes.add(cp(64, 1, GOOD));
        votes.add(cp(64, 2, GOOD));
        assertThat(votes.advanceStable()).isEmpty();
        assertThat(votes.stableSlot()).isEqualTo(64);
    }

    @Test
    void certificationPrefersTheHighestSlot() {
        for (int r = 0; r < 3; r++) {
            votes.add(cp(64, r, GOOD));
        }
        votes.advanceStable();
        votes.add(cp(128, 0, BAD));
        assertThat(votes.highestCertified().slot()).as("one signer is not enough").isEqualTo(64);
        votes.add(cp(128, 1, BAD));
        assertThat(votes.highestCertified().slot()).isEqualTo(128);
        assertThat(votes.highestCertified().signers()).containsExactly(0, 1);
    }
}
