package io.molt.cli;

import io.molt.bench.FaultEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by {@code molt demo} and {@code molt bench}. */
final class RunOptions {
    @Option(names = "--replicas", description = "Number of replicas n (demo: 6, bench: 4).")
    int replicas = 4;

    @Option(names = {"--faults", "-t"}, description = "Byzantine replicas tolerated, t (default: ${DEFAULT-VALUE}).")
    int faults = 1;

    @Option(names = "--recovering", description = "Replicas recovering at once, r (demo: 1, bench: 0).")
    int recovering = 0;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "How long to run, e.g. 20s or 2m (demo: 30s in all; bench: 30s measured after the warm-up).")
    Duration duration;

    @Option(names = "--clients", description = "Operations kept outstanding by the load generator (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--payload", description = "Request bytes (noop) or value bytes (kv) (default: ${DEFAULT-VALUE}).")
    int payload = 0;

    @Option(names = "--service", description = "Service to replicate: counter, kv or noop (default: ${DEFAULT-VALUE}).")
    String service;

    @Option(names = "--crash", paramLabel = "ID@T",
            description = "Kill replica ID with SIGKILL at time T into the run (e.g. 3@10s); repeatable.")
    List<String> crashes = new ArrayList<>();

    @Option(names = "--restart", paramLabel = "ID@T",
            description = "Start replica ID again at time T after a --crash (e.g. 2@20s); it recovers from its"
                    + " own disk (or, with --no-durable, from its peers) and catches up; repeatable.")
    List<String> restarts = new ArrayList<>();

    @Option(names = "--byzantine", paramLabel = "ID:MODE",
            description = "Make replica ID misbehave on purpose: equivocate, silent, slow, corrupt-replies or"
                    + " bad-checkpoint (e.g. 1:equivocate); at most t of them; repeatable.")
    List<String> byzantine = new ArrayList<>();

    @Option(names = "--durable", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Replicas keep votes, decided batches and snapshots on disk and recover from them after a"
                    + " crash (default: on; --no-durable keeps nothing).")
    boolean durable = true;

    @Option(names = "--seed", description = "Seed of the workload (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--json", description = "End with one line of JSON on stdout.")
    boolean json;

    @Option(names = "--work-dir", description = "Keep keys, molt.yaml and replica logs here (default: a temporary "
            + "directory, deleted afterwards unless the run failed).")
    java.nio.file.Path workDir;

    java.util.Map<Integer, String> byzantineReplicas() {
        return parseByzantine(byzantine);
    }

    /** Parses {@code ID:MODE} specifications into replica id -> mode. */
    static java.util.Map<Integer, String> parseByzantine(List<String> specs) {
        java.util.Map<Integer, String> out = new java.util.TreeMap<>();
        for (String b : specs) {
            String[] parts = b.split(":", 2);
            if (parts.length != 2 || !parts[0].trim().matches("\\d+")) {
                throw new IllegalArgumentException("--byzantine expects ID:MODE such as 1:equivocate, got '" + b + "'");
            }
            int id = Integer.parseInt(parts[0].trim());
            if (out.put(id, parts[1].trim()) != null) {
                throw new IllegalArgumentException("--byzantine names replica " + id + " twice");
            }
        }
        return out;
    }

    List<FaultEvent> faultEvents() {
        List<FaultEvent> events = new ArrayList<>();
        for (String c : crashes) {
            events.add(FaultEvent.parse(FaultEvent.Kind.CRASH, c));
        }
        for (String r : restarts) {
            events.add(FaultEvent.parse(FaultEvent.Kind.RESTART, r));
        }
        events.sort(java.util.Comparator.comparing(FaultEvent::at));
        return events;
    }
}
