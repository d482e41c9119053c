package io.molt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.bench.EnsembleRun;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What the demo and the benchmarks share: Ctrl-C handling and the summary. */
final class RunSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunSupport() {}

    /**
     * Runs the ensemble and prints its summary. Ctrl-C (or SIGTERM) ends the run early but
     * still stops every replica process and prints the summary before the JVM exits.
     */
    static Map<String, Object> runAndReport(EnsembleRun.Spec spec, boolean json, PrintStream out) throws Exception {
        quietLauncherLogs();
        EnsembleRun run = new EnsembleRun(spec, out);
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            run.interrupt();
            try {
                reported.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "molt-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Map<String, Object> summary = run.run();
            printSummary(summary, json, out);
            return summary;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running and waited for the summary
            }
        }
    }

    static void printSummary(Map<String, Object> summary, boolean json, PrintStream out) throws Exception {
        out.println();
        out.printf("summary: %s ops, %s errors, %s ops/s, p50 %s ms, p99 %s ms, consistent: %s%n", summary.get("ops"),
                summary.get("errors"), summary.get("throughput_ops_s"), summary.get("latency_p50_ms"),
                summary.get("latency_p99_ms"), summary.get("consistent"));
        if (json) {
            out.println(JSON.writeValueAsString(summary));
        }
        out.flush();
    }

    /**
     * The launcher's console is the run's own report: the INFO logs of its clients'
     * connections and of the controller only repeat it in another form (each replica keeps
     * its own log in its file). Warnings still show.
     */
    static void quietLauncherLogs() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            for (String name : new String[] {"io.molt.net", "io.molt.client", "io.molt.controller"}) {
                context.getLogger(name).setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    static boolean success(Map<String, Object> summary) {
        return Boolean.TRUE.equals(summary.get("consistent")) && Long.valueOf(0).equals(summary.get("errors"));
    }

    static String toJson(Object value) throws Exception {
        return JSON.writeValueAsString(value);
    }
}
