package io.molt.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.api.client.ServiceErrorException;
import io.molt.client.MoltClients;
import io.molt.client.ReplicatedClient;
import io.molt.controller.ReplicaJvm;
import io.molt.core.config.ProtocolSettings;
import io.molt.core.message.StatusReport;
import io.molt.services.counter.CounterClient;
import io.molt.services.kv.KvClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real replica processes on 127.0.0.1, a real client over TLS: what only processes show —
 * kill -9 in the middle of a workload, state digests compared across JVMs.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ReplicaProcessesTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countsExactlyOnceAndSurvivesAReplicaKilledMidway() throws Exception {
        try (LocalEnsemble ensemble = LocalEnsemble.create(4, 1, 0, "counter", 1, null, ReplicaJvm.current())) {
            ensemble.startAll(Duration.ofSeconds(60));
            try (ReplicatedClient client = MoltClients.connect(ensemble.config(), 0, Duration.ofMillis(1500))) {
                CounterClient counter = new CounterClient(client);
                List<CompletableFuture<Long>> results = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    results.add(counter.incrementAsync(1));
                    if (i == 150) {
                        ensemble.kill(3);
                    }
                    if (i % 20 == 19) {
                        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                    }
                }
                Set<Long> values = new HashSet<>();
                for (CompletableFuture<Long> f : results) {
                    values.add(f.get(30, TimeUnit.SECONDS));
                }
                assertThat(values).as("every increment applied once, with its own result").hasSize(300);
                assertThat(values).allMatch(v -> v >= 1 && v <= 300);
                assertThat(counter.get()).as("read-only query after the crash").isEqualTo(300);
                assertSameStateOnLiveReplicas(client, ensemble, List.of(0, 1, 2));
            }
        }
    }

    @Test
    void aReplicaRestartedWithNoStateFetchesItFromItsPeersAndCatchesUp() throws Exception {
        // Decisions kept for 128 slots: a replica down for a few hundred slots, its disk wiped,
        // can only come back through state transfer.
        try (LocalEnsemble ensemble = kvEnsembleCheckpointingEvery64Slots()) {
            ensemble.startAll(Duration.ofSeconds(60));
            try (ReplicatedClient client = MoltClients.connect(ensemble.config(), 0, Duration.ofMillis(1500))) {
                KvClient kv = new KvClient(client);
                for (int i = 0; i < 100; i++) {
                    kv.put(utf8("k" + i), utf8("v" + i));
                }
                ensemble.kill(2);
                ensemble.wipe(2);
                for (int i = 100; i < 600; i++) {
                    kv.put(utf8("k" + (i % 300)), utf8("v" + i));
                }
                ensemble.start(2, Duration.ofSeconds(60));
                for (int i = 600; i < 700; i++) {
                    kv.put(utf8("k" + (i % 300)), utf8("v" + i));
                }
                assertSameStateOnLiveReplicas(client, ensemble, List.of(0, 1, 2, 3));
                // Replica 2 counts again: with another replica down, the service still runs.
                ensemble.kill(0);
                kv.put(utf8("after"), utf8("restart"));
                assertThat(kv.get(utf8("k5"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v605")));
                assertSameStateOnLiveReplicas(client, ensemble, List.of(1, 2, 3));
                assertThat(Files.readString(ensemble.workDir().resolve("replica-2.log")))
                        .contains("STATE_INSTALLED");
            }
        }
    }

    @Test
    void noAnsweredWriteIsLostWhenEveryReplicaIsKilledAtOnce() throws Exception {
        // With checkpoints every 64 slots the replicas come back from a snapshot file and the
        // journal after it, not from the journal alone.
        try (LocalEnsemble ensemble = kvEnsembleCheckpointingEvery64Slots()) {
            ensemble.startAll(Duration.ofSeconds(60));
            try (ReplicatedClient client = MoltClients.connect(ensemble.config(), 0, Duration.ofMillis(1500))) {
                KvClient kv = new KvClient(client);
                for (int i = 0; i < 400; i++) {
                    kv.put(utf8("k" + (i % 150)), utf8("v" + i));
                }
                // Writes in flight when the power goes: each either happened or did not, but
                // the 400 answered ones above must all be there afterwards.
                List<CompletableFuture<java.util.Optional<byte[]>>> inFlight = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    inFlight.add(kv.putAsync(utf8("late" + i), utf8("x")));
                }
                for (int id = 0; id < 4; id++) {
                    ensemble.kill(id);
                }
                ensemble.startAll(Duration.ofSeconds(60));
                for (int key = 0; key < 150; key++) {
                    int lastWrite = key + 150 * ((399 - key) / 150);
                    assertThat(kv.get(utf8("k" + key))).as("k%d after every replica was killed", key)
                            .hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8))
                                    .isEqualTo("v" + lastWrite));
                }
                kv.put(utf8("after"), utf8("restart"));
                assertSameStateOnLiveReplicas(client, ensemble, List.of(0, 1, 2, 3));
                for (int id = 0; id < 4; id++) {
                    assertThat(Files.readString(ensemble.workDir().resolve("replica-" + id + ".log")))
                            .as("replica %d recovered from its own disk", id).contains("from the local disk: snapshot of slot");
                }
            }
        }
    }

    @Test
    void kvOperationsReadTheirWritesAndRefuseBadCommandsOnEveryReplicaAlike() throws Exception {
        try (LocalEnsemble ensemble = LocalEnsemble.create(4, 1, 0, "kv", 1, null, ReplicaJvm.current())) {
            ensemble.startAll(Duration.ofSeconds(60));
            try (ReplicatedClient client = MoltClients.connect(ensemble.config(), 0)) {
                KvClient kv = new KvClient(client);
                assertThat(kv.put(utf8("a"), utf8("1"))).isEmpty();
                assertThat(kv.put(utf8("a"), utf8("2"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("1")));
                assertThat(kv.get(utf8("a"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("2")));
                assertThat(kv.cas(utf8("a"), utf8("1"), utf8("3")).swapped()).isFalse();
                assertThat(kv.cas(utf8("a"), utf8("2"), utf8("3")).swapped()).isTrue();
                assertThat(kv.delete(utf8("a"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("3")));
                assertThat(kv.get(utf8("a"))).isEmpty();
                assertThatThrownBy(() -> client.invoke(new byte[] {(byte) 0xEE}))
                        .isInstanceOf(ServiceErrorException.class);
                assertSameStateOnLiveReplicas(client, ensemble, List.of(0, 1, 2, 3));
            }
        }
    }

    /** Four kv replicas that checkpoint every 64 slots and keep decisions for 128. */
    private static LocalEnsemble kvEnsembleCheckpointingEvery64Slots() throws java.io.IOException {
        return LocalEnsemble.create(4, 1, 0, "kv", 1, null, ReplicaJvm.current(),
                ProtocolSettings.DEFAULTS.withCheckpoints(64, 128, 4096));
    }

    static void assertSameStateOnLiveReplicas(ReplicatedClient client, LocalEnsemble ensemble, List<Integer> live)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<StatusReport> reports = new ArrayList<>();
            try {
                for (int id : live) {
                    reports.add(client.status(id, true).get(10, TimeUnit.SECONDS));
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // A replica that just restarted may not be reconnected yet.
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
                continue;
            }
            boolean same = reports.stream().map(StatusReport::lastExecuted).distinct().count() == 1
                    && reports.stream().map(StatusReport::stateDigest).distinct().count() == 1;
            if (same || System.nanoTime() > deadline) {
                assertThat(reports).extracting(StatusReport::stateDigest).as("state digests %s", reports).containsOnly(
                        reports.get(0).stateDigest());
                assertThat(reports).extracting(StatusReport::lastExecuted).containsOnly(reports.get(0).lastExecuted());
                return;
            }
            Thread.sleep(100);
        }
    }
}
