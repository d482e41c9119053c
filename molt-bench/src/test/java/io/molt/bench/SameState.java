package io.molt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.client.MoltClients;
import io.molt.client.ReplicatedClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The end-of-test check of the process tests: every replica at the same slot with the same state. */
final class SameState {
    private SameState() {}

    /**
     * Asks every replica of {@code ensemble} (as client {@code clientId}) for its executed
     * slot and state digest until all agree, for up to 30 s; fails with what they said.
     */
    static void assertEveryReplicaAgrees(LocalEnsemble ensemble, long clientId) throws Exception {
        try (ReplicatedClient client = MoltClients.connect(ensemble.config(), clientId, Duration.ofMillis(1000))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<String> states = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                states.clear();
                for (int id = 0; id < ensemble.size(); id++) {
                    try {
                        var r = client.status(id, true).get(5, TimeUnit.SECONDS);
                        states.add(r.lastExecuted() + "/" + r.stateDigest().shortHex());
                    } catch (Exception e) {
                        states.add("r" + id + " does not answer");
                    }
                }
                if (states.stream().distinct().count() == 1) {
                    return;
                }
                Thread.sleep(200);
            }
            assertThat(states).as("every replica at the same slot with the same state").containsOnly(states.get(0));
        }
    }
}
