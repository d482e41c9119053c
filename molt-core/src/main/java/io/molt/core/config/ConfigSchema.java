package io.molt.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The top level of {@code molt.yaml}: tolerance, service, paths, and the sections read by
 * {@link ReplicaList} and {@link TuningSections}. Reads a parsed document into a
 * {@link MoltConfig}, reporting every problem.
 */
final class ConfigSchema {
    static final String ROOT_FIELDS = "a mapping with t, service, replicas and keys";

    private final Problems problems;
    private final Path baseDir;
    private final Set<String> knownServices;

    /**
     * @param baseDir where relative paths in the file start from
     * @param knownServices the service names to accept, or null to accept any well-formed name
     */
    ConfigSchema(Problems problems, Path baseDir, Set<String> knownServices) {
        this.problems = problems;
        this.baseDir = baseDir;
        this.knownServices = knownServices == null ? null : new TreeSet<>(knownServices);
    }

    /** The configuration, or null when any problem was reported. */
    MoltConfig read(Section root) {
        root.require("t", "how many Byzantine replicas to tolerate, such as 1");
        Long t = root.integer("t", 0, Integer.MAX_VALUE);
        Long r = root.integer("r", 0, Integer.MAX_VALUE);
        String service = service(root);
        List<ReplicaAddress> replicas = new ReplicaList(problems).read(root);
        root.require("keys", "the directory holding ca.crt and the replica and client keys");
        Path keys = root.directory("keys", baseDir, "a directory");
        Path storage = root.directory("storage", baseDir, "a directory");
        Boolean durable = root.bool("durable", "true or false");
        TuningSections tuning = new TuningSections(problems);
        LimitSettings limits = tuning.limits(root.section("limits", "a mapping of limit settings"));
        ProtocolSettings protocol = tuning.protocol(root.section("protocol", "a mapping of protocol settings"));
        ClientSettings client = tuning.client(root.section("client", "a mapping of client settings"));
        RefreshSettings refresh = tuning.refresh(root.section("refresh", "a mapping of refresh settings"));
        root.rejectUnknown();

        long rOrDefault = r == null ? 0 : r;
        if (t != null && !problems.reportedAt("r")) {
            checkTolerance(t, rOrDefault, root.listLength("replicas"));
        }
        if (problems.any()) {
            return null;
        }
        return new MoltConfig(t.intValue(), (int) rOrDefault, service, replicas, keys,
                storage == null ? baseDir.resolve("data") : storage, durable == null || durable, protocol, limits,
                client, refresh);
    }

    private String service(Section root) {
        String expectation = "the name of the replicated service, such as counter or kv";
        root.require("service", expectation);
        String name = root.string("service", expectation);
        if (name == null) {
            return null;
        }
        if (knownServices != null && !knownServices.contains(name)) {
            String known = "known services: " + String.join(", ", knownServices);
            String hint = Suggestions.closest(name, knownServices).map(s -> "did you mean " + s + "? " + known)
                    .orElse(known);
            problems.add("service", Units.quote(name) + " is not a known service (" + hint + ")");
            return null;
        }
        if (!MoltConfig.SERVICE_NAME.matcher(name).matches()) {
            problems.add("service", Units.quote(name) + " is not a service name (expected lower-case letters,"
                    + " digits and dashes, such as counter or kv)");
            return null;
        }
        return name;
    }

    private void checkTolerance(long t, long r, int n) {
        long need = 3 * t + 2 * r + 1;
        if (n > 0 && n < need) {
            problems.add("t", "n=" + n + " replicas cannot tolerate t=" + t + ", r=" + r
                    + " (need n >= 3t + 2r + 1 = " + need + ")");
        }
    }
}
