package io.molt.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.crypto.Digest;
import io.molt.core.message.StatusReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class VotedProgressTest {
    private static StatusReport report(int id, long epoch, List<Integer> suspended, long requests) {
        return new StatusReport(id, 0, epoch, 10, 10, Digest.ZERO, suspended, 0, 0, 0, requests, 0, 0, 0);
    }

    @Test
    void oneReplicaCannotInflateWhatTheControllerActsOn() {
        // t = 1: two replicas must vouch. A liar reporting a huge count moves nothing.
        VotedProgress p = new VotedProgress(List.of(report(0, 1, List.of(), 100), report(1, 1, List.of(), 90),
                report(2, 1, List.of(), 1_000_000), report(3, 1, List.of(), 80)), 2);
        assertThat(p.atLeast(StatusReport::requestsExecuted)).hasValue(100);
    }

    @Test
    void tooFewAnswersVouchForNothing() {
        VotedProgress p = new VotedProgress(List.of(report(0, 1, List.of(), 100)), 2);
        assertThat(p.atLeast(StatusReport::requestsExecuted)).isEmpty();
        assertThat(p.reinstated(3, 1)).isFalse();
    }

    @Test
    void aReplicaCountsAsReinstatedOnlyWhenEnoughReplicasInItsEpochSaySo() {
        List<StatusReport> stillSkipped = List.of(report(0, 2, List.of(2), 0), report(1, 2, List.of(), 0),
                report(3, 1, List.of(), 0));
        // Replica 3 is still in epoch 1 (before the refresh): its word does not count.
        assertThat(new VotedProgress(stillSkipped, 2).reinstated(2, 2)).isFalse();
        List<StatusReport> back = List.of(report(0, 2, List.of(), 0), report(1, 2, List.of(), 0),
                report(3, 1, List.of(), 0));
        assertThat(new VotedProgress(back, 2).reinstated(2, 2)).isTrue();
    }
}
