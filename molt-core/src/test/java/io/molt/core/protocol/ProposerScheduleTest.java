package io.molt.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.codec.SignedContent;
import io.molt.core.crypto.Ed25519;
import io.molt.core.crypto.ReplicaKeyRing;
import io.molt.core.message.Batch;
import io.molt.core.message.RejoinRequest;
import io.molt.core.quorum.Quorums;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProposerScheduleTest {
    private static final int WINDOW = 8;
    private static final long BACKOFF = 16;
    private final List<byte[]> privateKeys = new ArrayList<>();
    private ReplicaKeyRing keys;
    private ProposerSchedule schedule;

    @BeforeEach
    void setUp() {
        List<byte[]> publicKeys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] key = new byte[32];
            key[0] = (byte) (i + 1);
            privateKeys.add(key);
            publicKeys.add(Ed25519.publicKeyOf(key));
        }
        keys = new ReplicaKeyRing(publicKeys);
        schedule = new ProposerSchedule(new Quorums(4, 1, 0), WINDOW, BACKOFF);
    }

    private RejoinRequest rejoin(int replica, long suspendedAt) {
        return new RejoinRequest(replica, suspendedAt,
                Ed25519.sign(privateKeys.get(replica), SignedContent.rejoin(replica, suspendedAt)));
    }

    /** Applies empty view-0 batches up to and including {@code last}. */
    private void applyNormal(long from, long last) {
        for (long s = from; s <= last; s++) {
            schedule.apply(s, Batch.empty(s, 0, schedule.leader(s, 0)), keys);
        }
    }

    @Test
    void proposersRotateBySlotAndView() {
        assertThat(schedule.leader(1, 0)).isEqualTo(1);
        assertThat(schedule.leader(4, 0)).isEqualTo(0);
        assertThat(schedule.leader(4, 1)).isEqualTo(1);
        assertThat(schedule.leader(6, 3)).isEqualTo(1);
    }

    @Test
    void aSlotFilledAfreshInALaterViewSuspendsItsProposerOneWindowLater() {
        applyNormal(1, 4);
        // Slot 5's proposer is replica 1; a new leader filled it with its own batch in view 1.
        List<ProposerSchedule.Change> changes = schedule.apply(5, Batch.empty(5, 1, 2), keys);
        assertThat(changes).containsExactly(new ProposerSchedule.Change(1, true, 5, 5 + WINDOW));
        assertThat(schedule.suspended()).containsExactly(1);
        // Slots already open keep their proposer; from slot 13 on, replica 1 is skipped.
        assertThat(schedule.leader(9, 0)).isEqualTo(1);
        for (long s = 13; s < 40; s++) {
            assertThat(schedule.leader(s, 0)).as("slot %d", s).isNotEqualTo(1);
        }
    }

    @Test
    void aReproposedBatchFromView0SuspendsNobody() {
        assertThat(schedule.apply(1, Batch.empty(1, 0, 1), keys)).isEmpty();
        assertThat(schedule.suspended()).isEmpty();
    }

    @Test
    void neverSuspendsSoManyThatNoCorrectProposerMightRemain() {
        schedule.apply(1, Batch.empty(1, 1, 2), keys);
        applyNormal(2, 9);
        // Slot 10 belongs to replica 0 under the reduced list {0, 2, 3}; filled in view 1:
        int proposer = schedule.leader(10, 0);
        assertThat(schedule.apply(10, Batch.empty(10, 1, schedule.leader(10, 1)), keys)).isEmpty();
        assertThat(schedule.suspended()).containsExactly(1).doesNotContain(proposer);
    }

    @Test
    void aSignedRejoinAfterTheBackoffReinstates() {
        schedule.apply(1, Batch.empty(1, 1, 2), keys);
        applyNormal(2, 16);
        assertThat(schedule.rejoinEligibleAt(1)).isEqualTo(1 + BACKOFF);
        long s = 17;
        List<ProposerSchedule.Change> changes =
                schedule.apply(s, Batch.create(s, 0, schedule.leader(s, 0), List.of(), List.of(rejoin(1, 1))), keys);
        assertThat(changes).containsExactly(new ProposerSchedule.Change(1, false, 17, 17 + WINDOW));
        assertThat(schedule.suspended()).isEmpty();
    }

    @Test
    void rejoinsTooEarlyForgedOrForAnotherSuspensionChangeNothing() {
        schedule.apply(1, Batch.empty(1, 1, 2), keys);
        applyNormal(2, 5);
        long s = 6;
        RejoinRequest early = rejoin(1, 1);
        RejoinRequest stale = rejoin(1, 0);
        RejoinRequest forged = new RejoinRequest(1, 1, rejoin(2, 1).signature());
        assertThat(schedule.apply(s, Batch.create(s, 0, schedule.leader(s, 0), List.of(), List.of(early)), keys))
                .isEmpty();
        applyNormal(7, 20);
        for (RejoinRequest bad : List.of(stale, forged)) {
            s++;
            s = Math.max(s, 21);
            assertThat(schedule.apply(s, Batch.create(s, 0, schedule.leader(s, 0), List.of(), List.of(bad)), keys))
                    .as("%s", bad).isEmpty();
        }
        assertThat(schedule.suspended()).containsExactly(1);
    }

    @Test
    void theBackoffDoublesWithEachSuspension() {
        schedule.apply(1, Batch.empty(1, 1, 2), keys);
        applyNormal(2, 16);
        schedule.apply(17, Batch.create(17, 0, schedule.leader(17, 0), List.of(), List.of(rejoin(1, 1))), keys);
        applyNormal(18, 30);
        // Replica 1 is back from slot 25; suspend it again at the first slot it owns.
        long s = 31;
        while (schedule.leader(s, 0) != 1) {
            schedule.apply(s, Batch.empty(s, 0, schedule.leader(s, 0)), keys);
            s++;
        }
        schedule.apply(s, Batch.empty(s, 1, schedule.leader(s, 1)), keys);
        assertThat(schedule.suspendedAt(1)).isEqualTo(s);
        assertThat(schedule.rejoinEligibleAt(1)).isEqualTo(s + 2 * BACKOFF);
    }
}
