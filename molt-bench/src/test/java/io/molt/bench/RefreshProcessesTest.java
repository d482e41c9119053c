package io.molt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.bench.check.KvHistory;
import io.molt.bench.check.Linearizability;
import io.molt.controller.Controller;
import io.molt.controller.JvmInstallations;
import io.molt.controller.RefreshListener;
import io.molt.controller.ReplicaJvm;
import io.molt.core.config.ProtocolSettings;
import io.molt.core.config.RefreshSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The controller refreshes real replica processes (n = 6, t = 1, r = 1) through two full
 * rounds — every replica swapped twice for a standby with a new variant and new keys —
 * while concurrent kv clients work: the recorded history is linearizable, the final reads
 * show that no acknowledged write was lost, every refresh completes, and afterwards every
 * replica holds the same state.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RefreshProcessesTest {
    private static final int REPLICAS = 6;
    private static final int ROUNDS = 2;
    private static final int WORKERS = 3;

    @Test
    void twoFullRoundsOfRefreshesKeepTheHistoryLinearizable() throws Exception {
        ProtocolSettings protocol = ProtocolSettings.DEFAULTS.withCheckpoints(64, 128, 4096);
        try (LocalEnsemble ensemble = LocalEnsemble.create(REPLICAS, 1, 1, "kv", WORKERS + 1, null,
                ReplicaJvm.current(), protocol)) {
            ensemble.startAll(Duration.ofSeconds(60));
            List<RefreshListener.Swap> swaps = new CopyOnWriteArrayList<>();
            List<RefreshListener.Recovery> recoveries = new CopyOnWriteArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            Controller controller = ensemble.startController(RefreshSettings.DEFAULTS.withPeriod(
                    Duration.ofMillis(500)), REPLICAS * ROUNDS, new RefreshListener() {
                        @Override
                        public void swapped(Swap swap) {
                            swaps.add(swap);
                        }

                        @Override
                        public void recovered(Swap swap, Recovery recovery) {
                            recoveries.add(recovery);
                        }
                    });
            // The workers run until the last refresh completed: every swap happens under load.
            KvWorkers workers = KvWorkers.start(ensemble, WORKERS, Integer.MAX_VALUE, Duration.ofMillis(40),
                    () -> controller.isDone() || System.nanoTime() > deadline);
            KvHistory history = workers.finish(ensemble, Duration.ofMinutes(5)); // the stop condition holds by then

            Linearizability.Result result = Linearizability.check(history.byKey(), null);
            System.out.printf("kv history over %d refreshes: %d operations (%d indeterminate): %s%n",
                    controller.completed(), history.size(), history.indeterminate(),
                    result.linearizable() ? "linearizable" : "NOT linearizable");
            assertThat(controller.completed()).as("refreshes completed").isEqualTo(REPLICAS * ROUNDS);
            assertThat(history.size() - history.indeterminate()).as("operations completed").isGreaterThan(300);
            assertThat(result.linearizable()).as("%s", result).isTrue();

            assertThat(swaps).extracting(RefreshListener.Swap::replica)
                    .containsExactly(1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0);
            // Each refreshed replica starts empty and reports the state it fetched (exported in
            // its status reports): with checkpoints every 64 slots, at least some snapshots.
            assertThat(recoveries).hasSize(REPLICAS * ROUNDS);
            assertThat(recoveries).as("bytes moved and time taken are exported").anySatisfy(r -> {
                assertThat(r.stateBytes()).isPositive();
                assertThat(r.stateTransferMillis()).isNotNegative();
            });
            boolean twoJvms = JvmInstallations.discover().size() > 1;
            for (RefreshListener.Swap s : swaps) {
                assertThat(s.to().gc()).as("a refreshed replica runs another collector").isNotEqualTo(s.from().gc());
                if (twoJvms) {
                    assertThat(s.to().jvm()).as("and another JVM").isNotEqualTo(s.from().jvm());
                }
            }
            for (RefreshListener.Swap s : swaps.subList(swaps.size() - REPLICAS, swaps.size())) {
                assertThat(ensemble.platform().epochOf(s.replica())).isEqualTo(s.epoch());
                assertThat(ensemble.platform().variantOf(s.replica())).isEqualTo(s.to());
                assertThat(ensemble.platform().dataDir(s.replica())).as("the refreshed incarnation's own journal")
                        .isDirectoryContaining(p -> p.getFileName().toString().startsWith("journal"));
            }
            SameState.assertEveryReplicaAgrees(ensemble, WORKERS);
        }
    }
}
