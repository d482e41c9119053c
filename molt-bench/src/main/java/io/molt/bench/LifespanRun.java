package io.molt.bench;

import io.molt.client.MoltClients;
import io.molt.client.ReplicatedClient;
import io.molt.controller.Controller;
import io.molt.controller.RefreshListener;
import io.molt.controller.ReplicaJvm;
import io.molt.core.config.RefreshSettings;
import io.molt.services.counter.CounterClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lifespan benchmark: one client sends a fixed number of counter increments, one at a
 * time, to n = 4 replicas (t = 1), three ways in one invocation — undisturbed; each replica
 * killed and restarted in place from its own disk at 20%, 40%, 60% and 80% of the increments
 * (replicas 1, 0, 2, 3); and each replica refreshed by the controller with a standby at the
 * same points (the controller's lifespan in requests; its reboot clock takes replicas 1, 2,
 * 3, 0). With n = 4 there is no r: the replica being swapped counts against t while it
 * recovers.
 *
 * <p>Reported per way: total time and its ratio to the undisturbed one; per swap the
 * <em>transition gap</em>, the increments the ensemble committed between the old
 * incarnation's last and the new one's first executed request (seen by polling the replica's
 * executed-request count every 20 ms), and how long the new incarnation took. A way whose
 * client gets no answer for two minutes is reported as hung and stopped.
 */
public final class LifespanRun {
    private static final int REPLICAS = 4;
    private static final int[] RESTART_ORDER = {1, 0, 2, 3};
    private static final int POINTS = 4;
    private static final Duration HANG = Duration.ofMinutes(2);
    private static final long POLL_MILLIS = 20;

    private enum Way {
        UNDISTURBED("undisturbed"), RESTART("kill and restart"), REFRESH("refresh");

        final String label;

        Way(String label) {
            this.label = label;
        }
    }

    private final int increments;
    private final Path plotDir;
    private final PrintStream out;

    public LifespanRun(int increments, Path plotDir, PrintStream out) {
        if (increments < 1000) {
            throw new IllegalArgumentException("--increments must be at least 1000, got " + increments);
        }
        this.increments = increments;
        this.plotDir = plotDir;
        this.out = out;
    }

    /** One swap (a kill and restart, or a refresh) as the client saw it. */
    private record Swap(int replica, long atIncrement, double atSecond, long gapIncrements, long rejoinMillis) {}

    /** One way, run to the end. */
    private record Outcome(Way way, double seconds, long errors, int restartFailures, boolean hung, List<Swap> swaps,
            List<Double> perSecond, boolean consistent) {}

    public Map<String, Object> run() throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        for (Way way : Way.values()) {
            out.printf("== %s: %d increments, one at a time, n=4 t=1%n", way.label, increments);
            outcomes.add(runOne(way));
        }
        double undisturbed = outcomes.get(0).seconds();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scenario", "lifespan");
        summary.put("increments", increments);
        List<Map<String, Object>> ways = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("way", o.way().label);
            w.put("total_s", EnsembleRun.round(o.seconds()));
            w.put("ratio", EnsembleRun.round(o.seconds() / undisturbed));
            w.put("errors", o.errors());
            w.put("restart_failures", o.restartFailures());
            w.put("hung", o.hung());
            w.put("consistent", o.consistent());
            w.put("swaps", o.swaps().stream().map(LifespanRun::asJson).toList());
            w.put("max_gap_increments", o.swaps().stream().mapToLong(Swap::gapIncrements).max().orElse(0));
            w.put("max_rejoin_ms", o.swaps().stream().mapToLong(Swap::rejoinMillis).max().orElse(0));
            ways.add(w);
        }
        summary.put("ways", ways);
        summary.put("restart_ratio", EnsembleRun.round(outcomes.get(1).seconds() / undisturbed));
        summary.put("refresh_ratio", EnsembleRun.round(outcomes.get(2).seconds() / undisturbed));
        summary.put("hung", outcomes.stream().anyMatch(Outcome::hung));
        summary.put("errors", outcomes.stream().mapToLong(o -> o.errors() + o.restartFailures()).sum());
        summary.put("consistent", outcomes.stream().allMatch(Outcome::consistent));
        ThroughputPlot.writeInto(summary, plotDir.resolve("lifespan.png"), increments
                + " increments by one client, n=4: undisturbed, kill and restart, refresh", outcomes.stream()
                .map(o -> new ThroughputPlot.Run(o.way().label, o.perSecond(),
                        o.swaps().stream().map(Swap::atSecond).toList())).toList());
        return summary;
    }

    private Outcome runOne(Way way) throws IOException {
        long step = increments / (POINTS + 1);
        try (LocalEnsemble ensemble = LocalEnsemble.create(REPLICAS, 1, 0, "counter", 1, null, ReplicaJvm.current())) {
            ensemble.startAll(Duration.ofSeconds(60));
            try (ReplicatedClient client = MoltClients.connect(ensemble.config(), 0, Duration.ofMillis(1000))) {
                CounterClient counter = new CounterClient(client);
                counter.increment(0); // connected and answered before the clock starts
                AtomicLong acknowledged = new AtomicLong();
                GapWatch watch = new GapWatch(client, acknowledged);
                Controller controller = null;
                if (way == Way.REFRESH) {
                    controller = ensemble.startController(RefreshSettings.DEFAULTS.withPeriod(Duration.ofDays(1))
                            .withLifespanRequests(step), POINTS, new RefreshListener() {
                                @Override
                                public void swapped(Swap swap) {
                                    watch.killed(swap.replica(), swap.retiredAtNanos());
                                }
                            });
                }
                watch.start();
                long start = System.nanoTime();
                long errors = 0;
                boolean hung = false;
                long lastAck = start;
                int nextPoint = 0;
                int restartFailures = 0;
                java.util.concurrent.CompletableFuture<Void> restarting = null;
                List<Double> perSecond = new ArrayList<>();
                long secondStart = start;
                long inSecond = 0;
                for (long i = 1; i <= increments; i++) {
                    if (way == Way.RESTART && nextPoint < POINTS && i == step * (nextPoint + 1)) {
                        // One replica down at a time: with n = 4 and t = 1 a second would stall the
                        // ensemble, which is not what this measures.
                        restartFailures += awaitRestart(restarting);
                        int id = RESTART_ORDER[nextPoint++];
                        ensemble.kill(id);
                        watch.killed(id, System.nanoTime());
                        restarting = restartInBackground(ensemble, id);
                    }
                    try {
                        counter.increment(1);
                        acknowledged.incrementAndGet();
                        lastAck = System.nanoTime();
                        inSecond++;
                    } catch (RuntimeException e) {
                        errors++;
                        i--; // the same increment again: the run counts acknowledged ones
                        if (System.nanoTime() - lastAck > HANG.toNanos()) {
                            hung = true;
                            out.printf("  !! no answer for %d s: the client hangs; stopping this way%n",
                                    HANG.toSeconds());
                            break;
                        }
                    }
                    long now = System.nanoTime();
                    while (now - secondStart >= 1_000_000_000L) {
                        perSecond.add((double) inSecond);
                        inSecond = 0;
                        secondStart += 1_000_000_000L;
                        if (perSecond.size() % 10 == 0) {
                            out.printf("  [%3ds] %d increments acknowledged%n", perSecond.size(), acknowledged.get());
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                restartFailures += awaitRestart(restarting);
                if (controller != null) {
                    controller.close();
                }
                List<Swap> swaps = watch.stop();
                boolean consistent = StateAgreement.await(client, ensemble, id -> true, Duration.ofSeconds(30))
                        .agreed();
                out.printf("  %s: %.1f s, %d errors, %d swaps, gaps %s increments%n", way.label, seconds, errors,
                        swaps.size(), swaps.stream().map(Swap::gapIncrements).toList());
                return new Outcome(way, seconds, errors, restartFailures, hung, swaps, perSecond, consistent);
            }
        }
    }

    /** Starts a killed replica again from its own disk; completes once it listens. */
    private java.util.concurrent.CompletableFuture<Void> restartInBackground(LocalEnsemble ensemble, int id) {
        try {
            return ensemble.restart(id, Duration.ofSeconds(60)).whenComplete((ready, failure) -> {
                if (failure != null) {
                    out.printf("  !! replica %d did not restart: %s%n", id, failure.getMessage());
                }
            });
        } catch (IOException | RuntimeException e) {
            out.printf("  !! replica %d did not restart: %s%n", id, e.getMessage());
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /** Waits (at most 70 s) for a restart under way; returns 1 if it failed, else 0. */
    private static int awaitRestart(java.util.concurrent.CompletableFuture<Void> restarting) {
        if (restarting == null) {
            return 0;
        }
        try {
            restarting.get(70, TimeUnit.SECONDS);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return 1;
        }
    }

    /**
     * Polls the replica most recently killed for its executed-request count and pairs each
     * kill with the moment the new incarnation executed its first request.
     */
    private static final class GapWatch {
        private final ReplicatedClient client;
        private final AtomicLong acknowledged;
        private final List<Swap> swaps = new CopyOnWriteArrayList<>();
        /** Per replica: the kill whose new incarnation has not executed anything yet. */
        private final Map<Integer, Pending> pending = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::run, "molt-lifespan-watch");
        /**
         * Per replica, the moments its executed-request count was seen to grow, with the
         * client's acknowledged count then (the latest few: a kill reported late by the
         * controller must still find the old incarnation's last one).
         */
        private final List<java.util.ArrayDeque<long[]>> progress = new ArrayList<>();
        private final long[] lastValue = new long[REPLICAS];
        private long startNanos;

        private record Pending(int replica, long killedNanos, long oldLastAck, long[] previous) {}

        GapWatch(ReplicatedClient client, AtomicLong acknowledged) {
            this.client = client;
            this.acknowledged = acknowledged;
            for (int id = 0; id < REPLICAS; id++) {
                progress.add(new java.util.ArrayDeque<>());
            }
            thread.setDaemon(true);
        }

        void start() {
            startNanos = System.nanoTime();
            thread.start();
        }

        synchronized void killed(int replica, long nanos) {
            long oldLastAck = 0;
            for (long[] seen : progress.get(replica)) {
                if (seen[0] <= nanos) {
                    oldLastAck = seen[1];
                }
            }
            progress.get(replica).clear();
            lastValue[replica] = Long.MAX_VALUE; // the new incarnation's counts are watched through pending
            pending.put(replica, new Pending(replica, nanos, oldLastAck, new long[] {-1}));
        }

        private void run() {
            while (running) {
                for (int id = 0; id < REPLICAS; id++) {
                    sample(id);
                }
                EnsembleRun.sleep(POLL_MILLIS);
            }
        }

        private void sample(int id) {
            // Asked before the kill, the answer may be the old incarnation's: such answers
            // say nothing about the new one.
            long asked = System.nanoTime();
            long value;
            try {
                value = client.status(id, false).get(200, TimeUnit.MILLISECONDS).requestsExecuted();
            } catch (Exception e) {
                return; // down or busy
            }
            long now = System.nanoTime();
            synchronized (this) {
                Pending p = pending.get(id);
                if (p != null && asked <= p.killedNanos()) {
                    return;
                }
                if (p != null) {
                    // The new incarnation: its first increase from a count it already had
                    // (not the jump from nothing to a snapshot) is its first executed request.
                    long before = p.previous()[0];
                    if (before >= 1 && value > before) {
                        long gap = acknowledged.get() - p.oldLastAck();
                        swaps.add(new Swap(id, p.oldLastAck(), (p.killedNanos() - startNanos) / 1e9, gap,
                                (now - p.killedNanos()) / 1_000_000));
                        pending.remove(id);
                        lastValue[id] = value;
                    } else {
                        p.previous()[0] = value;
                    }
                    return;
                }
                if (value > lastValue[id]) {
                    lastValue[id] = value;
                    java.util.ArrayDeque<long[]> seen = progress.get(id);
                    seen.addLast(new long[] {now, acknowledged.get()});
                    if (seen.size() > 100) {
                        seen.removeFirst();
                    }
                }
            }
        }

        /** Stops polling (waiting up to 30 s for a swap still in progress); returns the swaps seen. */
        List<Swap> stop() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                EnsembleRun.sleep(50);
            }
            running = false;
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.copyOf(swaps);
        }
    }

    private static Map<String, Object> asJson(Swap s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("replica", s.replica());
        m.put("at_increment", s.atIncrement());
        m.put("at_s", EnsembleRun.round(s.atSecond()));
        m.put("gap_increments", s.gapIncrements());
        m.put("rejoin_ms", s.rejoinMillis());
        return m;
    }

}
