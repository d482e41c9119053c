package io.molt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.client.MoltClients;
import io.molt.client.ReplicatedClient;
import io.molt.controller.Controller;
import io.molt.controller.JvmInstallations;
import io.molt.controller.RefreshListener;
import io.molt.controller.ReplicaJvm;
import io.molt.core.config.RefreshSettings;
import io.molt.core.message.StatusReport;
import io.molt.services.counter.CounterClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The controller refreshes real replica processes (n = 6, t = 1, r = 1) while clients keep
 * incrementing a counter: every refresh completes (swap and recovery), no acknowledged
 * increment is lost, and afterwards every replica — the refreshed ones included — holds the
 * same state.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RefreshProcessesTest {
    private static final int REFRESHES = 3;
    private static final int WORKERS = 2;

    @Test
    void refreshedReplicasTakeOverWithoutLosingAnAcknowledgedWrite() throws Exception {
        try (LocalEnsemble ensemble = LocalEnsemble.create(6, 1, 1, "counter", WORKERS + 1, null,
                ReplicaJvm.current())) {
            ensemble.startAll(Duration.ofSeconds(60));
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong unknown = new AtomicLong();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            List<ReplicatedClient> clients = new ArrayList<>();
            List<Thread> workers = new ArrayList<>();
            List<RefreshListener.Swap> swaps = new CopyOnWriteArrayList<>();
            Controller controller;
            try {
                for (int c = 0; c < WORKERS; c++) {
                    ReplicatedClient client = MoltClients.connect(ensemble.config(), c, Duration.ofMillis(1000));
                    clients.add(client);
                }
                controller = ensemble.startController(RefreshSettings.DEFAULTS.withPeriod(Duration.ofSeconds(2)),
                        REFRESHES, new RefreshListener() {
                            @Override
                            public void swapped(Swap swap) {
                                swaps.add(swap);
                            }
                        });
                for (ReplicatedClient client : clients) {
                    CounterClient counter = new CounterClient(client);
                    Thread t = new Thread(() -> {
                        while (!controller.isDone() && System.nanoTime() < deadline) {
                            try {
                                counter.increment(1);
                                acknowledged.incrementAndGet();
                            } catch (RuntimeException e) {
                                unknown.incrementAndGet(); // it may still have been applied, once
                            }
                        }
                    }, "counter-worker");
                    workers.add(t);
                    t.start();
                }
                for (Thread t : workers) {
                    t.join(TimeUnit.MINUTES.toMillis(4));
                }
                long value = new CounterClient(clients.get(0)).getOrdered();
                assertThat(controller.completed()).as("refreshes completed").isEqualTo(REFRESHES);
                assertThat(value).as("no acknowledged increment lost, none applied twice")
                        .isBetween(acknowledged.get(), acknowledged.get() + unknown.get());
                assertThat(acknowledged.get()).isGreaterThan(100);
            } finally {
                clients.forEach(ReplicatedClient::close);
            }

            assertThat(swaps).extracting(RefreshListener.Swap::replica).containsExactly(1, 2, 3);
            boolean twoJvms = JvmInstallations.discover().size() > 1;
            for (RefreshListener.Swap s : swaps) {
                assertThat(s.to().gc()).as("a refreshed replica runs another collector").isNotEqualTo(s.from().gc());
                if (twoJvms) {
                    assertThat(s.to().jvm()).as("and another JVM").isNotEqualTo(s.from().jvm());
                }
                assertThat(ensemble.platform().epochOf(s.replica())).isEqualTo(s.epoch());
                assertThat(ensemble.platform().variantOf(s.replica())).isEqualTo(s.to());
                assertThat(ensemble.platform().dataDir(s.replica())).as("the refreshed incarnation's own journal")
                        .isDirectoryContaining(p -> p.getFileName().toString().startsWith("journal"));
            }
            assertSameState(ensemble);
        }
    }

    /** Every replica reports the same slot and state digest once the load has stopped. */
    private static void assertSameState(LocalEnsemble ensemble) throws Exception {
        try (ReplicatedClient client = MoltClients.connect(ensemble.config(), WORKERS, Duration.ofMillis(1000))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<StatusReport> reports = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                reports.clear();
                for (int id = 0; id < ensemble.size(); id++) {
                    try {
                        reports.add(client.status(id, true).get(5, TimeUnit.SECONDS));
                    } catch (Exception e) {
                        // not answering yet
                    }
                }
                if (reports.size() == ensemble.size()
                        && reports.stream().map(r -> r.lastExecuted() + "/" + r.stateDigest()).distinct().count() == 1) {
                    return;
                }
                Thread.sleep(200);
            }
            assertThat(reports).extracting(r -> r.lastExecuted() + "/" + r.stateDigest().shortHex())
                    .as("all replicas at the same slot with the same state").hasSize(ensemble.size())
                    .containsOnly(reports.get(0).lastExecuted() + "/" + reports.get(0).stateDigest().shortHex());
        }
    }
}
