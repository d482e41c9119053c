package io.molt.bench;

import io.molt.bench.check.KvHistory;
import io.molt.bench.check.KvOp;
import io.molt.client.MoltClients;
import io.molt.client.ReplicatedClient;
import io.molt.services.kv.CasResult;
import io.molt.services.kv.KvClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Concurrent kv clients against a local ensemble, each doing random gets, puts, deletes and
 * compare-and-sets on a few keys and recording every operation, timed, in one history for the
 * linearizability checker; then final ordered reads of every key, which show that no
 * acknowledged write was lost.
 */
final class KvWorkers {
    static final int KEYS = 4;

    private final KvHistory history = new KvHistory();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<ReplicatedClient> clients = new ArrayList<>();
    private final long start = System.nanoTime();
    private final int count;

    private KvWorkers(int count) {
        this.count = count;
    }

    /**
     * Starts {@code count} workers (client ids {@code 0..count-1}), each doing at most
     * {@code maxOps} operations, {@code pause} apart, until {@code stop} says so.
     */
    static KvWorkers start(LocalEnsemble ensemble, int count, int maxOps, Duration pause,
            java.util.function.BooleanSupplier stop) throws IOException {
        KvWorkers workers = new KvWorkers(count);
        for (int c = 0; c < count; c++) {
            ReplicatedClient client = MoltClients.connect(ensemble.config(), c, Duration.ofMillis(1000));
            workers.clients.add(client);
            int id = c;
            Thread t = new Thread(() -> workers.work(id, new KvClient(client), maxOps, pause, stop), "kv-client-" + c);
            t.setDaemon(true);
            workers.threads.add(t);
            t.start();
        }
        return workers;
    }

    /**
     * Waits up to {@code patience} for the workers to stop, then reads every key with client
     * id {@code count}; returns the whole history.
     */
    KvHistory finish(LocalEnsemble ensemble, Duration patience) throws Exception {
        try {
            long deadline = System.nanoTime() + patience.toNanos();
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (t.isAlive()) {
                    throw new AssertionError(t.getName() + " still runs after " + patience.toSeconds() + " s");
                }
            }
        } finally {
            // Closing the clients also ends a worker stuck in a call.
            clients.forEach(ReplicatedClient::close);
        }
        if (failed.get()) {
            throw new AssertionError("a worker thread failed unexpectedly");
        }
        try (ReplicatedClient reader = MoltClients.connect(ensemble.config(), count, Duration.ofMillis(1000))) {
            KvClient kv = new KvClient(reader);
            for (int k = 0; k < KEYS; k++) {
                long from = System.nanoTime() - start;
                String value = text(kv.getOrdered(utf8("k" + k)));
                history.add("k" + k, new KvOp(count, KvOp.Kind.GET, null, null, from, System.nanoTime() - start,
                        value, false));
            }
        }
        return history;
    }

    private void work(int id, KvClient kv, int maxOps, Duration pause, java.util.function.BooleanSupplier stop) {
        Random rnd = new Random(id);
        String lastSeen = null;
        try {
            for (int i = 0; i < maxOps && !stop.getAsBoolean(); i++) {
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
                if (!pause.isZero()) {
                    Thread.sleep(pause.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failed.set(true);
            throw t;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Optional<byte[]> v) {
        return v.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
    }

    private static String text(byte[] v) {
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
