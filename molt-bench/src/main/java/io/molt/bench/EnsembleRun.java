package io.molt.bench;

import io.molt.client.MoltClients;
import io.molt.client.ReplicatedClient;
import io.molt.controller.Controller;
import io.molt.controller.ReplicaJvm;
import io.molt.core.crypto.Digest;
import io.molt.core.message.StatusReport;
import io.molt.services.ServiceRegistry;
import io.molt.services.workload.WorkloadOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.molt.core.config.RefreshSettings;
import org.HdrHistogram.Histogram;

/**
 * One run of a local ensemble under load: start the replica processes, drive a closed-loop
 * workload, inject the faults at their times, report progress once a second, stop, check
 * that every live replica holds the same state at the same slot, and summarise. The demo
 * and the benchmarks are runs with different settings.
 */
public final class EnsembleRun {

    /**
     * What to run.
     *
     * @param clients operations kept outstanding (closed-loop workers)
     * @param payload request size for {@code noop}, value size for {@code kv}
     * @param duration measured time, after the warm-up
     * @param workDir where keys, configuration and replica logs go and stay; null for a
     *     temporary directory that is deleted afterwards unless the run failed
     * @param warmup run before the measurement and excluded from its figures (the JIT of
     *     several replica JVMs sharing a few cores takes a while to settle)
     * @param refresh how the controller refreshes the replicas during the run, or null for
     *     no refreshes (the controller needs {@code r >= 1})
     */
    public record Spec(int replicas, int t, int r, String service, int clients, int payload, Duration duration,
            Duration warmup, List<FaultEvent> faults, Map<Integer, String> byzantine, long seed,
            java.nio.file.Path workDir, boolean durable, RefreshSettings refresh) {

        public Spec {
            faults = List.copyOf(faults);
            if (refresh != null && r < 1) {
                throw new IllegalArgumentException("refreshing replicas needs r >= 1 (--recovering 1, and --replicas"
                        + " at least 3t + 2r + 1): a replica being refreshed counts as one of the r recovering");
            }
            byzantine = Map.copyOf(byzantine);
            for (Map.Entry<Integer, String> b : byzantine.entrySet()) {
                if (b.getKey() < 0 || b.getKey() >= replicas) {
                    throw new IllegalArgumentException("no replica " + b.getKey() + " in an ensemble of " + replicas);
                }
                io.molt.replica.Misbehaviour.Mode.parse(b.getValue());
            }
            if (byzantine.size() > t) {
                throw new IllegalArgumentException(byzantine.size() + " misbehaving replicas but t = " + t
                        + ": Molt tolerates at most t (raise --faults, and --replicas to at least 3t + 2r + 1)");
            }
            ServiceRegistry.builtIn().lookup(service);
            new io.molt.core.quorum.Quorums(replicas, t, r);
            if (clients < 1 || clients > MoltClients.DEFAULT_MAX_IN_FLIGHT) {
                throw new IllegalArgumentException("--clients must be in 1.." + MoltClients.DEFAULT_MAX_IN_FLIGHT);
            }
            if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
                throw new IllegalArgumentException("the duration must be positive and the warm-up not negative");
            }
            for (FaultEvent f : faults) {
                if (f.replica() < 0 || f.replica() >= replicas) {
                    throw new IllegalArgumentException("no replica " + f.replica() + " in an ensemble of " + replicas);
                }
                if (f.kind() == FaultEvent.Kind.RESTART && faults.stream().noneMatch(c -> c.kind()
                        == FaultEvent.Kind.CRASH && c.replica() == f.replica() && c.at().compareTo(f.at()) < 0)) {
                    throw new IllegalArgumentException("--restart " + f.replica() + "@" + f.at().toMillis()
                            + "ms needs an earlier --crash of replica " + f.replica());
                }
            }
        }
    }

    /** Per-second progress, for printing. */
    public record Progress(long second, long ops, long opsInSecond, double p50Millis, double p99Millis,
            List<String> replicaStates) {}

    private final Spec spec;
    private final PrintStream out;
    private volatile boolean interrupted;

    public EnsembleRun(Spec spec, PrintStream out) {
        this.spec = spec;
        this.out = out;
    }

    /** Ends the run early (Ctrl-C): the summary is still produced. */
    public void interrupt() {
        interrupted = true;
    }

    public Map<String, Object> run() throws IOException {
        try (LocalEnsemble ensemble = LocalEnsemble.create(spec.replicas(), spec.t(), spec.r(), spec.service(), 1,
                spec.workDir(), ReplicaJvm.current(), io.molt.core.config.ProtocolSettings.DEFAULTS,
                spec.durable())) {
            spec.byzantine().forEach(ensemble::misbehave);
            out.printf("starting %d replicas (t=%d, r=%d, service %s) in %s%n", spec.replicas(), spec.t(), spec.r(),
                    spec.service(), ensemble.workDir());
            spec.byzantine().forEach((id, mode) -> out.printf("  replica %d misbehaves on purpose: %s%n", id, mode));
            ensemble.startAll(Duration.ofSeconds(60));
            Map<String, Object> summary;
            try (ReplicatedClient client = MoltClients.connect(ensemble.config(), 0, Duration.ofMillis(1500))) {
                awaitConnected(client, ensemble);
                summary = drive(ensemble, client);
            }
            if (!Boolean.TRUE.equals(summary.get("consistent")) || !Long.valueOf(0).equals(summary.get("errors"))) {
                ensemble.keepWorkDir();
                out.println("the run failed: replica logs kept in " + ensemble.workDir());
                summary.put("work_dir", ensemble.workDir().toString());
            }
            return summary;
        }
    }

    private void awaitConnected(ReplicatedClient client, LocalEnsemble ensemble) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int id = 0; id < ensemble.size(); id++) {
            if (spec.byzantine().containsKey(id)) {
                continue; // it may never answer (silent)
            }
            while (true) {
                try {
                    client.status(id, false).get(1, TimeUnit.SECONDS);
                    break;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("replica " + id + " does not answer; logs in " + ensemble.workDir());
                    }
                    sleep(50);
                }
            }
        }
    }

    private Map<String, Object> drive(LocalEnsemble ensemble, ReplicatedClient client) {
        WorkloadOptions workload = new WorkloadOptions(10_000, spec.payload(), 20, 10);
        LoadGenerator load = new LoadGenerator(client, ServiceRegistry.builtIn().workload(spec.service(), workload),
                spec.clients(), spec.seed());
        List<FaultEvent> pending = new ArrayList<>(spec.faults());
        List<String> injected = new ArrayList<>();
        Histogram measured = new Histogram(120_000_000_000L, 3);
        long startNanos = System.nanoTime();
        long warmupEnd = startNanos + spec.warmup().toNanos();
        long end = warmupEnd + spec.duration().toNanos();
        // Without a warm-up the measurement starts with the run (the demo counts everything).
        long opsAtWarmupEnd = spec.warmup().isZero() ? 0 : -1;
        long measureStartNanos = startNanos;
        long lastOps = 0;
        List<Double> timeline = new ArrayList<>();
        RefreshLog refreshes = new RefreshLog(out, startNanos);
        Controller controller = null;
        if (spec.refresh() != null) {
            out.printf("the controller refreshes one replica every %s%s%n",
                    io.molt.core.config.Units.formatDuration(spec.refresh().period()),
                    spec.refresh().lifespanRequests() > 0 ? " or after " + spec.refresh().lifespanRequests()
                            + " requests, whichever comes first" : "");
            controller = startController(ensemble, refreshes);
        }
        load.start();
        for (long second = 1; !interrupted; second++) {
            long tickAt = startNanos + TimeUnit.SECONDS.toNanos(second);
            while (System.nanoTime() < Math.min(tickAt, end) && !interrupted) {
                injectDue(pending, ensemble, startNanos, injected);
                sleep(Math.max(1, Math.min(20, (Math.min(tickAt, end) - System.nanoTime()) / 1_000_000)));
            }
            Histogram interval = load.sample();
            long now = System.nanoTime();
            if (now >= warmupEnd) {
                if (opsAtWarmupEnd < 0) {
                    opsAtWarmupEnd = load.completed();
                    measureStartNanos = now;
                } else {
                    measured.add(interval);
                }
            }
            long ops = load.completed();
            Progress p = new Progress(second, ops, ops - lastOps, millis(interval, 50), millis(interval, 99),
                    replicaStates(client, ensemble, spec.byzantine()));
            lastOps = ops;
            timeline.add((double) p.opsInSecond());
            out.println(format(p, load.failed()));
            if (now >= end) {
                break;
            }
        }
        long measureEndNanos = System.nanoTime();
        load.stop(5000);
        if (controller != null) {
            controller.close();
        }
        long measuredOps = load.completed() - Math.max(0, opsAtWarmupEnd);
        double seconds = Math.max(1e-9, (measureEndNanos - measureStartNanos) / 1e9);
        Consistency consistency = checkConsistency(client, ensemble);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("replicas", spec.replicas());
        summary.put("t", spec.t());
        summary.put("r", spec.r());
        summary.put("service", spec.service());
        summary.put("clients", spec.clients());
        summary.put("payload_bytes", spec.payload());
        summary.put("duration_s", round((System.nanoTime() - startNanos) / 1e9));
        summary.put("measured_s", round(seconds));
        summary.put("ops", load.completed());
        summary.put("errors", load.failed());
        summary.put("throughput_ops_s", round(measuredOps / seconds));
        summary.put("latency_p50_ms", millis(measured, 50));
        summary.put("latency_p90_ms", millis(measured, 90));
        summary.put("latency_p99_ms", millis(measured, 99));
        summary.put("latency_max_ms", round(measured.getMaxValue() / 1e6));
        summary.put("consistent", consistency.consistent());
        summary.put("final_slot", consistency.slot());
        summary.put("live_replicas", consistency.live());
        summary.put("faults", injected);
        summary.put("view_changes", consistency.viewChanges());
        summary.put("byzantine", spec.byzantine().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ":" + e.getValue()).toList());
        summary.put("evidence", consistency.evidence());
        refreshes.summarise(summary, spec.replicas());
        summary.put("timeline_ops_per_s", timeline);
        if (!load.errorSamples().isEmpty()) {
            summary.put("error_samples", load.errorSamples());
        }
        return summary;
    }

    private Controller startController(LocalEnsemble ensemble, RefreshLog refreshes) {
        try {
            return ensemble.startController(spec.refresh(), Integer.MAX_VALUE, refreshes);
        } catch (IOException | RuntimeException e) {
            refreshes.trouble("cannot start: " + e.getMessage() + "; the run goes on without refreshes");
            return null;
        }
    }

    private void injectDue(List<FaultEvent> pending, LocalEnsemble ensemble, long startNanos, List<String> injected) {
        long elapsed = System.nanoTime() - startNanos;
        for (var it = pending.iterator(); it.hasNext();) {
            FaultEvent f = it.next();
            if (f.at().toNanos() <= elapsed) {
                it.remove();
                if (f.kind() == FaultEvent.Kind.CRASH) {
                    ensemble.kill(f.replica());
                    out.printf("  !! killed replica %d with SIGKILL at %.1fs%n", f.replica(), elapsed / 1e9);
                    injected.add(f.toString());
                } else if (f.kind() == FaultEvent.Kind.RESTART) {
                    restartInBackground(ensemble, f.replica(), startNanos);
                    out.printf("  !! restarting replica %d at %.1fs%n", f.replica(), elapsed / 1e9);
                    injected.add(f.toString());
                }
            }
        }
    }

    /** Starts a killed replica again without holding up the progress loop while its JVM boots. */
    private void restartInBackground(LocalEnsemble ensemble, int id, long startNanos) {
        try {
            ensemble.restart(id, Duration.ofSeconds(60)).whenComplete((ready, failure) -> {
                if (failure == null) {
                    out.printf("  !! replica %d is up again at %.1fs; %s%n", id,
                            (System.nanoTime() - startNanos) / 1e9, spec.durable()
                                    ? "it recovered from its own disk and catches up"
                                    : "it fetches its state from its peers");
                } else {
                    out.printf("  !! replica %d did not restart: %s%n", id, failure.getMessage());
                }
            });
        } catch (IOException | RuntimeException e) {
            out.printf("  !! replica %d did not restart: %s%n", id, e.getMessage());
        }
    }

    private static List<String> replicaStates(ReplicatedClient client, LocalEnsemble ensemble,
            Map<Integer, String> byzantine) {
        List<CompletableFuture<StatusReport>> queries = new ArrayList<>();
        for (int id = 0; id < ensemble.size(); id++) {
            queries.add(ensemble.isAlive(id) ? client.status(id, false) : null);
        }
        List<String> states = new ArrayList<>();
        for (int id = 0; id < ensemble.size(); id++) {
            CompletableFuture<StatusReport> q = queries.get(id);
            if (q == null) {
                states.add("r" + id + " down");
                continue;
            }
            String mark = byzantine.containsKey(id) ? " (" + byzantine.get(id) + ")" : "";
            try {
                StatusReport s = q.get(300, TimeUnit.MILLISECONDS);
                states.add("r" + id + mark + " @" + s.lastExecuted()
                        + (s.viewChanges() > 0 ? " vc=" + s.viewChanges() : "")
                        + (s.suspended().isEmpty() ? "" : " skip=" + s.suspended()));
            } catch (Exception e) {
                states.add("r" + id + mark + " ?");
            }
        }
        return states;
    }

    private static String format(Progress p, long errors) {
        return String.format("[%3ds] ops=%-8d %7d ops/s  p50=%6.2fms p99=%7.2fms errors=%d | %s", p.second(),
                p.ops(), p.opsInSecond(), p.p50Millis(), p.p99Millis(), errors, String.join(" | ", p.replicaStates()));
    }

    /** Every live replica at the same slot with the same state digest, once the load stopped. */
    record Consistency(boolean consistent, long slot, int live, long viewChanges, long evidence) {}

    private Consistency checkConsistency(ReplicatedClient client, LocalEnsemble ensemble) {
        // A misbehaving replica's report means nothing.
        StateAgreement agreement = StateAgreement.await(client, ensemble,
                id -> ensemble.isAlive(id) && !spec.byzantine().containsKey(id), Duration.ofSeconds(20));
        List<StatusReport> reports = agreement.reports();
        long viewChanges = reports.stream().mapToLong(StatusReport::viewChanges).sum();
        long evidence = reports.stream().mapToLong(StatusReport::evidence).sum();
        if (agreement.agreed()) {
            Digest d = reports.get(0).stateDigest();
            out.printf("consistent: %d live %sreplicas at slot %d with state %s%n", reports.size(),
                    spec.byzantine().isEmpty() ? "" : "correct ", reports.get(0).lastExecuted(), d.shortHex());
            if (evidence > 0) {
                out.printf("evidence: %d signed records of misbehaviour held by correct replicas%n", evidence);
            }
            return new Consistency(true, reports.get(0).lastExecuted(), reports.size(), viewChanges, evidence);
        }
        for (StatusReport r : reports) {
            out.printf("  r%d at slot %d state %s%n", r.replicaId(), r.lastExecuted(), r.stateDigest().shortHex());
        }
        out.println("NOT consistent: live replicas disagree or did not answer");
        return new Consistency(false, -1, reports.size(), viewChanges, evidence);
    }

    private static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : round(h.getValueAtPercentile(percentile) / 1e6);
    }

    /** Two decimals, for summaries. */
    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Sleeps, keeping the interrupt for the caller's loop to notice. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
