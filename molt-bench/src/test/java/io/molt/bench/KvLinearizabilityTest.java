package io.molt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.bench.check.KvHistory;
import io.molt.bench.check.KvOp;
import io.molt.bench.check.Linearizability;
import io.molt.client.MoltClients;
import io.molt.client.ReplicatedClient;
import io.molt.controller.ReplicaJvm;
import io.molt.core.config.ProtocolSettings;
import io.molt.services.kv.CasResult;
import io.molt.services.kv.KvClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private static final int KEYS = 4;
    private static final int MAX_OPS_PER_CLIENT = 400;
    private static final Duration RUN = Duration.ofSeconds(25);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Optional<byte[]> v) {
        return v.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
    }

    private static String text(byte[] v) {
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    @Test
    void historiesStayLinearizableWhileReplicasAreKilledAndRestarted() throws Exception {
        ProtocolSettings protocol = ProtocolSettings.DEFAULTS.withCheckpoints(64, 128, 4096);
        try (LocalEnsemble ensemble = LocalEnsemble.create(4, 1, 0, "kv", CLIENTS + 1, null,
                ReplicaJvm.current(), protocol)) {
            ensemble.startAll(Duration.ofSeconds(60));
            KvHistory history = new KvHistory();
            long start = System.nanoTime();
            long deadline = start + RUN.toNanos();
            AtomicBoolean failed = new AtomicBoolean();
            List<Thread> workers = new ArrayList<>();
            List<ReplicatedClient> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                ReplicatedClient client = MoltClients.connect(ensemble.config(), c, Duration.ofMillis(1000));
                clients.add(client);
                int id = c;
                Thread t = new Thread(() -> work(id, new KvClient(client), history, deadline, start, failed),
                        "kv-client-" + c);
                workers.add(t);
                t.start();
            }
            List<String> chaos = chaos(ensemble, deadline, new Random(42));
            for (Thread t : workers) {
                t.join(TimeUnit.MINUTES.toMillis(2));
            }
            assertThat(failed).as("a worker thread failed unexpectedly").isFalse();

            // Final reads, after everything else: the last acknowledged writes must be there.
            try (ReplicatedClient reader = MoltClients.connect(ensemble.config(), CLIENTS, Duration.ofMillis(1000))) {
                KvClient kv = new KvClient(reader);
                for (int k = 0; k < KEYS; k++) {
                    long from = System.nanoTime() - start;
                    String value = text(kv.getOrdered(utf8("k" + k)));
                    history.add("k" + k, new KvOp(CLIENTS, KvOp.Kind.GET, null, null, from,
                            System.nanoTime() - start, value, false));
                }
            }
            clients.forEach(ReplicatedClient::close);

            Linearizability.Result result = Linearizability.check(history.byKey(), null);
            System.out.printf("kv history: %d operations (%d indeterminate), faults %s: %s%n", history.size(),
                    history.indeterminate(), chaos, result.linearizable() ? "linearizable" : "NOT linearizable");
            assertThat(chaos).as("faults injected").hasSizeGreaterThanOrEqualTo(4);
            assertThat(history.size()).as("operations completed").isGreaterThan(200);
            assertThat(result.linearizable()).as("%s", result).isTrue();
        }
    }

    /** Random gets, puts, deletes and compare-and-sets on a few keys, each timed and recorded. */
    private static void work(int id, KvClient kv, KvHistory history, long deadline, long start, AtomicBoolean failed) {
        Random rnd = new Random(id);
        String lastSeen = null;
        try {
            for (int i = 0; i < MAX_OPS_PER_CLIENT && System.nanoTime() < deadline; i++) {
                String key = "k" + rnd.nextInt(KEYS);
                String value = "c" + id + "-" + i;
                int choice = rnd.nextInt(10);
                long from = System.nanoTime() - start;
                KvOp.Kind kind = choice < 3 ? KvOp.Kind.GET : choice < 7 ? KvOp.Kind.PUT
                        : choice < 8 ? KvOp.Kind.DELETE : KvOp.Kind.CAS;
                String expect = rnd.nextBoolean() ? lastSeen : null;
                try {
                    KvOp op = switch (kind) {
                        case GET -> {
                            String v = text(kv.get(utf8(key)));
                            lastSeen = v;
                            yield new KvOp(id, kind, null, null, from, System.nanoTime() - start, v, false);
                        }
                        case PUT -> new KvOp(id, kind, value, null, from, 0, text(kv.put(utf8(key), utf8(value))),
                                false);
                        case DELETE -> new KvOp(id, kind, null, null, from, 0, text(kv.delete(utf8(key))), false);
                        case CAS -> {
                            CasResult r = kv.cas(utf8(key), expect == null ? null : utf8(expect), utf8(value));
                            yield new KvOp(id, kind, expect, value, from, 0, text(r.current()), r.swapped());
                        }
                    };
                    long to = System.nanoTime() - start;
                    history.add(key, op.returnedNanos() == 0 ? new KvOp(op.client(), op.kind(), op.argument(),
                            op.update(), op.invokedNanos(), to, op.result(), op.swapped()) : op);
                } catch (RuntimeException e) {
                    // Timed out or failed: it may still take effect, once, at any later time.
                    history.add(key, new KvOp(id, kind, kind == KvOp.Kind.PUT || kind == KvOp.Kind.CAS
                            ? (kind == KvOp.Kind.PUT ? value : expect) : null,
                            kind == KvOp.Kind.CAS ? value : null, from, Long.MAX_VALUE, null, false));
                }
            }
        } catch (Throwable t) {
            failed.set(true);
            throw t;
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
