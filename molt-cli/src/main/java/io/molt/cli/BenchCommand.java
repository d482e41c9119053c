package io.molt.cli;

import static io.molt.bench.RunSummaries.ratio;
import static io.molt.bench.RunSummaries.tagged;

import io.molt.bench.EnsembleRun;
import io.molt.bench.FaultEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code molt bench}: the demo's stack without the show, measured after a warm-up. Can add,
 * in the same invocation, the unreplicated baseline (one replica, same client and network
 * stack), a run with a replica crashed and runs with a replica misbehaving, and reports the
 * ratios between them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput and latency of a local ensemble (JSON on the last line with --json). "
                + "Ratios are only meaningful between runs of one invocation: machines are shared and noisy.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    RunOptions options = defaults();

    @Option(names = "--warmup", converter = DurationConverter.class,
            description = "Run before the measured --duration and excluded from the figures (default: 30s).")
    Duration warmup = Duration.ofSeconds(30);

    @Option(names = "--baseline", description = "Also run one unreplicated replica (n=1, t=0) first.")
    boolean baseline;

    @Option(names = "--with-crash", paramLabel = "ID@T",
            description = "Also run the same ensemble with replica ID killed T into the measurement, after the healthy "
                    + "run (fault times in bench count from the end of the warm-up).")
    String withCrash;

    @Option(names = "--with-byzantine", paramLabel = "ID:MODE",
            description = "Also run the same ensemble with replica ID misbehaving (silent, slow, equivocate, "
                    + "corrupt-replies, bad-checkpoint), after the healthy run; repeatable, one run each.")
    List<String> withByzantine = new ArrayList<>();

    @Option(names = "--with-volatile", description = "Also run the same ensemble with durability off (nothing "
            + "written to disk), after the durable run: the cost of the journal and its fsyncs.")
    boolean withVolatile;

    @Option(names = "--scenario", description = "throughput (default); state-transfer: a replica restarted "
            + "empty (its disk wiped) rejoins an ensemble holding --state-mb of kv state, then restarts again from "
            + "its own disk; refresh-overhead: n=4 without refresh against n=6 with a swap every --refresh-every, "
            + "same load; lifespan: --increments counter increments by one client to n=4, undisturbed, with kills "
            + "and restarts, and with refreshes; round: how long refreshing all n=6 replicas once takes under load.")
    String scenario = "throughput";

    @Option(names = "--refresh-every", converter = DurationConverter.class, description = "The controller's period in"
            + " the refresh scenarios (default: 5s for refresh-overhead, 1s for round).")
    Duration refreshEvery;

    @Option(names = "--increments", description = "Increments of the lifespan scenario (default: ${DEFAULT-VALUE}).")
    int increments = 100_000;

    @Option(names = "--plot-dir", description = "Where the refresh scenarios write their PNG plots (default: "
            + "${DEFAULT-VALUE}).")
    java.nio.file.Path plotDir = java.nio.file.Path.of("bench-results");

    @Option(names = "--state-mb", description = "Size of the kv state for --scenario state-transfer (default: 200).")
    int stateMegabytes = 200;

    private static RunOptions defaults() {
        RunOptions o = new RunOptions();
        o.duration = Duration.ofSeconds(30);
        o.clients = 64;
        o.service = "noop";
        return o;
    }

    @Override
    public Integer call() throws Exception {
        RunSupport.quietLauncherLogs();
        return switch (scenario) {
            case "throughput" -> benchmark();
            case "state-transfer" -> stateTransfer();
            case "refresh-overhead" -> report(refreshBenchmarks(Duration.ofSeconds(5)).overhead());
            case "round" -> report(refreshBenchmarks(Duration.ofSeconds(1)).round());
            case "lifespan" -> report(new io.molt.bench.LifespanRun(increments, plotDir, System.out).run());
            default -> throw new IllegalArgumentException("unknown --scenario '" + scenario
                    + "' (expected throughput, state-transfer, refresh-overhead, lifespan or round)");
        };
    }

    private io.molt.bench.RefreshBenchmarks refreshBenchmarks(Duration defaultPeriod) {
        return new io.molt.bench.RefreshBenchmarks(new io.molt.bench.RefreshBenchmarks.Load(options.service,
                options.clients, options.payload, warmup, options.duration, options.seed,
                refreshEvery != null ? refreshEvery : defaultPeriod, plotDir), System.out);
    }

    /** Prints a scenario's summary (JSON on the last line with --json); fails if it was inconsistent or erred. */
    private int report(Map<String, Object> summary) throws Exception {
        System.out.println();
        Map<String, Object> shown = new LinkedHashMap<>(summary);
        shown.remove("runs");
        System.out.println("summary: " + shown);
        if (options.json) {
            System.out.println(RunSupport.toJson(summary));
        }
        boolean ok = RunSupport.success(summary) && !Boolean.TRUE.equals(summary.get("hung"));
        return ok ? 0 : 1;
    }

    private int stateTransfer() throws Exception {
        Map<String, Object> summary = new io.molt.bench.StateTransferRun(stateMegabytes, System.out).run();
        System.out.println(summary);
        if (options.json) {
            System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(summary));
        }
        return Boolean.TRUE.equals(summary.get("consistent")) ? 0 : 1;
    }

    private int benchmark() throws Exception {
        List<Map<String, Object>> runs = new ArrayList<>();
        Map<String, Object> baselineRun = null;
        if (baseline) {
            System.out.println("== baseline: 1 replica, t=0");
            baselineRun = run(1, 0, 0, List.of(), Map.of());
            runs.add(tagged("baseline", baselineRun));
        }
        System.out.printf("== %d replicas, t=%d%n", options.replicas, options.faults);
        Map<String, Object> main = run(options.replicas, options.faults, options.recovering, options.faultEvents(),
                options.byzantineReplicas());
        runs.add(tagged("replicated", main));
        Map<String, Object> crashed = null;
        if (withCrash != null) {
            System.out.printf("== %d replicas, t=%d, crash %s%n", options.replicas, options.faults, withCrash);
            List<FaultEvent> faults = new ArrayList<>(options.faultEvents());
            faults.add(FaultEvent.parse(FaultEvent.Kind.CRASH, withCrash));
            crashed = run(options.replicas, options.faults, options.recovering, faults, options.byzantineReplicas());
            runs.add(tagged("crashed", crashed));
        }
        Map<String, Object> volatileRun = null;
        if (withVolatile && options.durable) {
            System.out.printf("== %d replicas, t=%d, durability off%n", options.replicas, options.faults);
            volatileRun = run(options.replicas, options.faults, options.recovering, options.faultEvents(),
                    options.byzantineReplicas(), false);
            runs.add(tagged("volatile", volatileRun));
        }
        Map<String, Map<String, Object>> misbehaving = new LinkedHashMap<>();
        for (String spec : withByzantine) {
            Map<Integer, String> extra = RunOptions.parseByzantine(List.of(spec));
            Map<Integer, String> byzantine = new java.util.TreeMap<>(options.byzantineReplicas());
            byzantine.putAll(extra);
            System.out.printf("== %d replicas, t=%d, replica %s%n", options.replicas, options.faults, spec);
            Map<String, Object> run = run(options.replicas, options.faults, options.recovering, options.faultEvents(),
                    byzantine);
            String mode = extra.values().iterator().next();
            misbehaving.put(mode, run);
            runs.add(tagged("byzantine " + spec, run));
        }
        Map<String, Object> summary = new LinkedHashMap<>(main);
        summary.put("runs", runs);
        Map<String, Object> ratios = new LinkedHashMap<>();
        if (baselineRun != null) {
            ratios.put("throughput_vs_baseline", ratio(main, baselineRun, "throughput_ops_s"));
            ratios.put("p50_vs_baseline", ratio(main, baselineRun, "latency_p50_ms"));
        }
        if (volatileRun != null) {
            ratios.put("throughput_durable_vs_volatile", ratio(main, volatileRun, "throughput_ops_s"));
            ratios.put("p50_durable_vs_volatile", ratio(main, volatileRun, "latency_p50_ms"));
        }
        if (crashed != null) {
            ratios.put("throughput_crashed_vs_healthy", ratio(crashed, main, "throughput_ops_s"));
        }
        misbehaving.forEach((mode, run) -> {
            String key = mode.replace('-', '_');
            ratios.put("throughput_" + key + "_vs_healthy", ratio(run, main, "throughput_ops_s"));
            ratios.put("p50_" + key + "_vs_healthy", ratio(run, main, "latency_p50_ms"));
        });
        if (!ratios.isEmpty()) {
            summary.put("ratios", ratios);
            System.out.println("ratios: " + ratios);
        }
        RunSupport.printSummary(summary, options.json, System.out);
        boolean ok = runs.stream().allMatch(RunSupport::success);
        return ok ? 0 : 1;
    }

    /** Runs one ensemble; fault times count from the start of the measurement, after the warm-up. */
    private Map<String, Object> run(int n, int t, int r, List<FaultEvent> faults, Map<Integer, String> byzantine)
            throws Exception {
        return run(n, t, r, faults, byzantine, options.durable);
    }

    private Map<String, Object> run(int n, int t, int r, List<FaultEvent> faults, Map<Integer, String> byzantine,
            boolean durable) throws Exception {
        List<FaultEvent> shifted = faults.stream()
                .map(f -> new FaultEvent(f.kind(), f.replica(), f.at().plus(warmup))).toList();
        EnsembleRun.Spec spec = new EnsembleRun.Spec(n, t, r, options.service, options.clients, options.payload,
                options.duration, warmup, shifted, byzantine, options.seed, options.workDir, durable, null);
        return RunSupport.runAndReport(spec, false, System.out);
    }
}
