package io.molt.bench;

import static io.molt.bench.RunSummaries.ratio;
import static io.molt.bench.RunSummaries.tagged;

import io.molt.core.config.RefreshSettings;
import io.molt.core.config.Units;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The refresh benchmarks that are runs of a local ensemble under the load generator:
 * {@code refresh-overhead} (n = 4 without refresh against n = 6 refreshed continuously, same
 * load, one invocation) and {@code round} (how long refreshing all n replicas once takes
 * under load, and the longest any replica was out of service). Each writes a plot of
 * throughput over time with the swaps marked.
 */
public final class RefreshBenchmarks {

    /**
     * What every run shares.
     *
     * @param refreshEvery the controller's period in the refreshed runs
     * @param plotDir where the PNG plots go
     */
    public record Load(String service, int clients, int payload, Duration warmup, Duration duration, long seed,
            Duration refreshEvery, Path plotDir) {}

    private final Load load;
    private final PrintStream out;

    public RefreshBenchmarks(Load load, PrintStream out) {
        this.load = load;
        this.out = out;
    }

    /**
     * n = 4 (t = 1, r = 0) without refresh, then n = 6 (t = 1, r = 1) with a swap every
     * period — the comparison the design is judged by — and n = 6 without refresh, which
     * tells the cost of the two extra replicas (on a machine whose cores they share) from
     * the cost of refreshing.
     */
    public Map<String, Object> overhead() throws IOException {
        out.println("== n=4, t=1, no refresh");
        Map<String, Object> plain = run(4, 0, null);
        out.printf("== n=6, t=1, r=1, one replica refreshed every %s%n", Units.formatDuration(load.refreshEvery()));
        Map<String, Object> refreshed = run(6, 1, RefreshSettings.DEFAULTS.withPeriod(load.refreshEvery()));
        out.println("== n=6, t=1, r=1, no refresh");
        Map<String, Object> six = run(6, 1, null);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scenario", "refresh-overhead");
        summary.put("throughput_ratio", ratio(refreshed, plain, "throughput_ops_s"));
        summary.put("latency_p50_ratio", ratio(refreshed, plain, "latency_p50_ms"));
        summary.put("latency_p99_ratio", ratio(refreshed, plain, "latency_p99_ms"));
        summary.put("throughput_ratio_vs_n6_plain", ratio(refreshed, six, "throughput_ops_s"));
        summary.put("latency_p50_ratio_vs_n6_plain", ratio(refreshed, six, "latency_p50_ms"));
        summary.put("throughput_n6_plain_vs_n4", ratio(six, plain, "throughput_ops_s"));
        summary.put("refreshes", refreshed.get("refreshes"));
        summary.put("max_recovery_ms", refreshed.get("max_recovery_ms"));
        summary.put("max_out_of_service_ms", refreshed.get("max_out_of_service_ms"));
        ThroughputPlot.writeInto(summary, load.plotDir().resolve("refresh-overhead.png"),
                "Throughput: n=4 without refresh vs n=6 with a swap every " + Units.formatDuration(load.refreshEvery()),
                List.of(plotRun("n=4, no refresh", plain), plotRun("n=6, refreshed", refreshed),
                        plotRun("n=6, no refresh", six)));
        List<Map<String, Object>> runs = List.of(plain, refreshed, six);
        summary.put("consistent", runs.stream().allMatch(r -> Boolean.TRUE.equals(r.get("consistent"))));
        summary.put("errors", runs.stream().mapToLong(r -> ((Number) r.get("errors")).longValue()).sum());
        summary.put("runs", List.of(tagged("n4_plain", plain), tagged("n6_refreshed", refreshed),
                tagged("n6_plain", six)));
        return summary;
    }

    /** n = 6 refreshed with the given period for the whole run: every full round's duration. */
    public Map<String, Object> round() throws IOException {
        out.printf("== n=6, t=1, r=1, one replica refreshed every %s%n", Units.formatDuration(load.refreshEvery()));
        Map<String, Object> refreshed = run(6, 1, RefreshSettings.DEFAULTS.withPeriod(load.refreshEvery()));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scenario", "round");
        summary.put("rounds", refreshed.get("rounds"));
        summary.put("round_ms", refreshed.getOrDefault("round_ms", List.of()));
        summary.put("max_round_ms", refreshed.getOrDefault("max_round_ms", 0));
        summary.put("refreshes", refreshed.get("refreshes"));
        summary.put("max_out_of_service_ms", refreshed.get("max_out_of_service_ms"));
        summary.put("max_recovery_ms", refreshed.get("max_recovery_ms"));
        summary.put("throughput_ops_s", refreshed.get("throughput_ops_s"));
        ThroughputPlot.writeInto(summary, load.plotDir().resolve("round.png"), "Throughput while refreshing n=6 "
                + "replicas, one every " + Units.formatDuration(load.refreshEvery()),
                List.of(plotRun("n=6, refreshed", refreshed)));
        summary.put("consistent", refreshed.get("consistent"));
        summary.put("errors", refreshed.get("errors"));
        summary.put("runs", List.of(tagged("n6_refreshed", refreshed)));
        return summary;
    }

    private Map<String, Object> run(int n, int r, RefreshSettings refresh) throws IOException {
        EnsembleRun.Spec spec = new EnsembleRun.Spec(n, 1, r, load.service(), load.clients(), load.payload(),
                load.duration(), load.warmup(), List.of(), Map.of(), load.seed(), null, true, refresh);
        return new EnsembleRun(spec, out).run();
    }

    @SuppressWarnings("unchecked")
    static ThroughputPlot.Run plotRun(String name, Map<String, Object> run) {
        List<Double> timeline = (List<Double>) run.getOrDefault("timeline_ops_per_s", List.of());
        List<Double> swaps = new ArrayList<>();
        for (Map<String, Object> swap : (List<Map<String, Object>>) run.getOrDefault("swaps", List.of())) {
            swaps.add(((Number) swap.get("at_s")).doubleValue());
        }
        return new ThroughputPlot.Run(name, timeline, swaps);
    }
}
