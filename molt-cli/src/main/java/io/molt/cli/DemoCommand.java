package io.molt.cli;

import io.molt.bench.EnsembleRun;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code molt demo}: a local ensemble of replica processes under a client workload, with
 * live progress, optional crashes, and a consistency check at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local ensemble of replica processes on 127.0.0.1, drive a workload, show progress "
                + "every second, then stop everything and print a summary (JSON with --json). Ctrl-C ends it early.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    RunOptions options = defaults();

    private static RunOptions defaults() {
        RunOptions o = new RunOptions();
        o.duration = Duration.ofSeconds(30);
        o.clients = 16;
        o.service = "counter";
        return o;
    }

    @Override
    public Integer call() throws Exception {
        EnsembleRun.Spec spec = new EnsembleRun.Spec(options.replicas, options.faults, options.recovering,
                options.service, options.clients, options.payload, options.duration, Duration.ZERO,
                options.faultEvents(), options.byzantineReplicas(), options.seed, options.workDir,
                options.durable);
        Map<String, Object> summary = RunSupport.runAndReport(spec, options.json, System.out);
        return RunSupport.success(summary) ? 0 : 1;
    }
}
