package io.molt.cli;

import io.molt.bench.EnsembleRun;
import io.molt.core.config.RefreshSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code molt demo}: a local ensemble of replica processes under a client workload while the
 * controller keeps swapping replicas for freshly diversified ones, with live progress,
 * optional crashes and misbehaving replicas, and a consistency check at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local ensemble of replica processes on 127.0.0.1 (n=6, t=1, r=1), drive a workload "
                + "while the controller refreshes one replica every few seconds, show progress every second and "
                + "each swap as it happens, then stop everything and print a summary (JSON with --json). Ctrl-C "
                + "ends it early.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    RunOptions options = defaults();

    @Option(names = "--refresh-every", converter = DurationConverter.class,
            description = "Refresh one replica this often: its epoch ends and a standby with a new variant and new "
                    + "keys takes over (default: 5s).")
    Duration refreshEvery = Duration.ofSeconds(5);

    @Option(names = "--lifespan-requests", description = "Also end an epoch once this many requests were committed "
            + "in it, whichever comes first (default: 0, no such bound).")
    long lifespanRequests;

    @Option(names = "--no-refresh", description = "Run without the controller: no replica is refreshed.")
    boolean noRefresh;

    private static RunOptions defaults() {
        RunOptions o = new RunOptions();
        o.replicas = 6;
        o.recovering = 1;
        o.duration = Duration.ofSeconds(30);
        o.clients = 16;
        o.service = "counter";
        return o;
    }

    @Override
    public Integer call() throws Exception {
        RefreshSettings refresh = noRefresh ? null
                : RefreshSettings.DEFAULTS.withPeriod(refreshEvery).withLifespanRequests(lifespanRequests);
        EnsembleRun.Spec spec = new EnsembleRun.Spec(options.replicas, options.faults, options.recovering,
                options.service, options.clients, options.payload, options.duration, Duration.ZERO,
                options.faultEvents(), options.byzantineReplicas(), options.seed, options.workDir,
                options.durable, refresh);
        Map<String, Object> summary = RunSupport.runAndReport(spec, options.json, System.out);
        return RunSupport.success(summary) ? 0 : 1;
    }
}
