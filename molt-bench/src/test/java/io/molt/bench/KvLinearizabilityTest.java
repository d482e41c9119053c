package io.molt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.bench.check.KvHistory;
import io.molt.bench.check.Linearizability;
import io.molt.controller.ReplicaJvm;
import io.molt.core.config.ProtocolSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Concurrent clients against real replica processes while replicas are killed with SIGKILL
 * and started again empty (they fetch their state from their peers): the recorded history
 * must be linearizable, and the final reads show that no acknowledged write was lost.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KvLinearizabilityTest {
    private static final int CLIENTS = 4;
    private static final int MAX_OPS_PER_CLIENT = 400;
    private static final Duration RUN = Duration.ofSeconds(25);

    @Test
    void historiesStayLinearizableWhileReplicasAreKilledAndRestarted() throws Exception {
        ProtocolSettings protocol = ProtocolSettings.DEFAULTS.withCheckpoints(64, 128, 4096);
        try (LocalEnsemble ensemble = LocalEnsemble.create(4, 1, 0, "kv", CLIENTS + 1, null,
                ReplicaJvm.current(), protocol)) {
            ensemble.startAll(Duration.ofSeconds(60));
            long deadline = System.nanoTime() + RUN.toNanos();
            KvWorkers workers = KvWorkers.start(ensemble, CLIENTS, MAX_OPS_PER_CLIENT, Duration.ZERO,
                    () -> System.nanoTime() > deadline);
            List<String> chaos = chaos(ensemble, deadline, new Random(42));
            KvHistory history = workers.finish(ensemble, RUN.plusMinutes(1));

            Linearizability.Result result = Linearizability.check(history.byKey(), null);
            System.out.printf("kv history: %d operations (%d indeterminate), faults %s: %s%n", history.size(),
                    history.indeterminate(), chaos, result.linearizable() ? "linearizable" : "NOT linearizable");
            assertThat(chaos).as("faults injected").hasSizeGreaterThanOrEqualTo(4);
            assertThat(history.size() - history.indeterminate()).as("operations completed").isGreaterThan(200);
            assertThat(result.linearizable()).as("%s", result).isTrue();
        }
    }

    /** Kills a random replica, lets it stay down a while, starts it again empty; repeats until the deadline. */
    private static List<String> chaos(LocalEnsemble ensemble, long deadline, Random rnd) throws Exception {
        List<String> done = new ArrayList<>();
        Thread.sleep(2000);
        while (System.nanoTime() < deadline - TimeUnit.SECONDS.toNanos(6)) {
            int victim = rnd.nextInt(ensemble.size());
            ensemble.kill(victim);
            done.add("kill " + victim);
            Thread.sleep(1000 + rnd.nextInt(2000));
            ensemble.start(victim, Duration.ofSeconds(60));
            done.add("restart " + victim);
            Thread.sleep(1500 + rnd.nextInt(1500));
        }
        return done;
    }
}
