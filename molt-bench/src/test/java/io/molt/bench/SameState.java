package io.molt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.client.MoltClients;
import io.molt.client.ReplicatedClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The end-of-test check of the process tests: every replica at the same slot with the same state. */
final class SameState {
    private SameState() {}

    /**
     * Asks every replica of {@code ensemble} (as client {@code clientId}) for its executed
     * slot and state digest until all agree, for up to 30 s; fails with what they said.
     */
    static void assertEveryReplicaAgrees(LocalEnsemble ensemble, long clientId) throws Exception {
        try (ReplicatedClient client = MoltClients.connect(ensemble.config(), clientId, Duration.ofMillis(1000))) {
            StateAgreement agreement = StateAgreement.await(client, ensemble, id -> true, Duration.ofSeconds(30));
            List<String> states = new ArrayList<>();
            for (int id = 0; id < ensemble.size(); id++) {
                int replica = id;
                states.add(agreement.reports().stream().filter(r -> r.replicaId() == replica).findFirst()
                        .map(r -> r.lastExecuted() + "/" + r.stateDigest().shortHex())
                        .orElse("r" + id + " does not answer"));
            }
            assertThat(states).as("every replica at the same slot with the same state").containsOnly(states.get(0));
        }
    }
}
