package io.molt.bench;

import io.molt.client.ReplicatedClient;
import io.molt.core.message.StatusReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * Whether the replicas of a local ensemble hold the same state: each one asked answers with
 * the same executed slot and state digest. The end-of-run check of the demo, the
 * benchmarks and the process tests.
 *
 * @param agreed every replica asked answered, and all with the same slot and state
 * @param reports the answers of the last round of questions
 */
public record StateAgreement(boolean agreed, List<StatusReport> reports) {

    public StateAgreement {
        reports = List.copyOf(reports);
    }

    /**
     * Asks the replicas {@code asked} accepts for their slot and state digest, again every
     * 200 ms, until they agree or {@code patience} has passed.
     */
    public static StateAgreement await(ReplicatedClient client, LocalEnsemble ensemble, IntPredicate asked,
            Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<StatusReport> reports = new ArrayList<>();
            boolean allAnswered = true;
            for (int id = 0; id < ensemble.size(); id++) {
                if (!asked.test(id)) {
                    continue;
                }
                try {
                    reports.add(client.status(id, true).get(5, TimeUnit.SECONDS));
                } catch (Exception e) {
                    allAnswered = false;
                }
            }
            boolean same = reports.stream().map(r -> r.lastExecuted() + "/" + r.stateDigest()).distinct().count() == 1;
            if ((allAnswered && same) || System.nanoTime() > deadline) {
                return new StateAgreement(allAnswered && same, reports);
            }
            EnsembleRun.sleep(200);
        }
    }
}
