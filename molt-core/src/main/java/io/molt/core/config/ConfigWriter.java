package io.molt.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a {@link MoltConfig} as {@code molt.yaml}, in a form {@link ConfigLoader} reads
 * back to an equal configuration. Only settings that differ from their defaults are
 * written, so a generated file stays short and picks up better defaults later; see
 * {@code docs/molt.example.yaml} for every setting.
 */
public final class ConfigWriter {
    /** The address local ensembles listen on. */
    public static final String LOOPBACK = "127.0.0.1";

    private ConfigWriter() {}

    /**
     * An ensemble of {@code ports.size()} replicas on {@link #LOOPBACK}, replica {@code i}
     * on {@code ports.get(i)}, with default protocol, limit and client settings.
     *
     * @throws IllegalArgumentException when the ports cannot tolerate {@code t} and {@code r}
     */
    public static MoltConfig localEnsemble(int t, int r, String service, List<Integer> ports, Path keysDir,
            Path storageDir) {
        return localEnsemble(t, r, service, ports, keysDir, storageDir, ProtocolSettings.DEFAULTS);
    }

    /** The same with protocol settings of the caller's choice. */
    public static MoltConfig localEnsemble(int t, int r, String service, List<Integer> ports, Path keysDir,
            Path storageDir, ProtocolSettings protocol) {
        List<ReplicaAddress> replicas = new ArrayList<>();
        for (int id = 0; id < ports.size(); id++) {
            replicas.add(new ReplicaAddress(id, LOOPBACK, ports.get(id)));
        }
        return new MoltConfig(t, r, service, replicas, keysDir.toAbsolutePath().normalize(),
                storageDir.toAbsolutePath().normalize(), true, protocol, LimitSettings.DEFAULTS,
                ClientSettings.DEFAULTS, RefreshSettings.DEFAULTS);
    }

    /**
     * Writes {@code config} to {@code file}, replacing it atomically where the file system
     * allows, so a reader never sees half a configuration.
     */
    public static void write(MoltConfig config, Path file) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, toYaml(config, dir), StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The YAML text for {@code config}, with paths written relative to {@code baseDir} (the
     * directory the file will be in) when they lie inside it.
     */
    public static String toYaml(MoltConfig config, Path baseDir) {
        Objects.requireNonNull(config, "config");
        Path base = baseDir.toAbsolutePath().normalize();
        StringBuilder y = new StringBuilder();
        y.append("# Molt ensemble: ").append(config.n()).append(" replicas running ").append(config.service())
                .append(". Every setting is described in docs/molt.example.yaml.\n");
        y.append("t: ").append(config.t()).append('\n');
        y.append("r: ").append(config.r()).append('\n');
        y.append("service: ").append(quoted(config.service())).append('\n');
        y.append("replicas:\n");
        for (ReplicaAddress replica : config.replicas()) {
            y.append("  - id: ").append(replica.id()).append('\n');
            y.append("    host: ").append(quoted(replica.host())).append('\n');
            y.append("    port: ").append(replica.port()).append('\n');
        }
        y.append("keys: ").append(quoted(relative(base, config.keysDir()))).append('\n');
        y.append("storage: ").append(quoted(relative(base, config.storageDir()))).append('\n');
        y.append("durable: ").append(config.durable()).append('\n');
        appendSection(y, "protocol", protocolLines(config.protocol()));
        appendSection(y, "limits", limitLines(config.limits()));
        appendSection(y, "client", clientLines(config.client()));
        appendSection(y, "refresh", refreshLines(config.refresh()));
        return y.toString();
    }

    private static List<String> protocolLines(ProtocolSettings p) {
        ProtocolSettings d = ProtocolSettings.DEFAULTS;
        List<String> lines = new ArrayList<>();
        setting(lines, "window", p.window(), d.window());
        setting(lines, "max-proposals-in-flight", p.maxProposalsInFlight(), d.maxProposalsInFlight());
        setting(lines, "batch-max-requests", p.batchMaxRequests(), d.batchMaxRequests());
        sizeSetting(lines, "batch-max-bytes", p.batchMaxBytes(), d.batchMaxBytes());
        millisSetting(lines, "view-change-timeout", p.viewChangeTimeoutMillis(), d.viewChangeTimeoutMillis());
        millisSetting(lines, "censorship-timeout", p.censorshipTimeoutMillis(), d.censorshipTimeoutMillis());
        setting(lines, "client-window", p.clientWindow(), d.clientWindow());
        setting(lines, "pool-max-requests", p.poolMaxRequests(), d.poolMaxRequests());
        setting(lines, "decision-retention", p.decisionRetention(), d.decisionRetention());
        setting(lines, "rejoin-backoff-slots", p.rejoinBackoffSlots(), d.rejoinBackoffSlots());
        setting(lines, "checkpoint-interval", p.checkpointInterval(), d.checkpointInterval());
        sizeSetting(lines, "snapshot-chunk-bytes", p.snapshotChunkBytes(), d.snapshotChunkBytes());
        return lines;
    }

    private static List<String> limitLines(LimitSettings l) {
        LimitSettings d = LimitSettings.DEFAULTS;
        List<String> lines = new ArrayList<>();
        sizeSetting(lines, "max-frame-bytes", l.maxFrameBytes(), d.maxFrameBytes());
        sizeSetting(lines, "max-request-bytes", l.maxRequestBytes(), d.maxRequestBytes());
        sizeSetting(lines, "replica-queue-bytes", l.replicaQueueBytes(), d.replicaQueueBytes());
        sizeSetting(lines, "client-queue-bytes", l.clientQueueBytes(), d.clientQueueBytes());
        setting(lines, "client-messages-per-second", l.clientMessagesPerSecond(), d.clientMessagesPerSecond());
        return lines;
    }

    private static List<String> clientLines(ClientSettings c) {
        ClientSettings d = ClientSettings.DEFAULTS;
        List<String> lines = new ArrayList<>();
        if (!c.requestTimeout().equals(d.requestTimeout())) {
            lines.add("request-timeout: " + Units.formatDuration(c.requestTimeout()));
        }
        setting(lines, "max-retries", c.maxRetries(), d.maxRetries());
        return lines;
    }

    private static List<String> refreshLines(RefreshSettings r) {
        RefreshSettings d = RefreshSettings.DEFAULTS;
        List<String> lines = new ArrayList<>();
        if (!r.period().equals(d.period())) {
            lines.add("period: " + Units.formatDuration(r.period()));
        }
        setting(lines, "lifespan-requests", r.lifespanRequests(), d.lifespanRequests());
        r.controllerClient().ifPresent(c -> lines.add("controller-client: " + c));
        return lines;
    }

    private static void setting(List<String> lines, String name, long value, long fallback) {
        if (value != fallback) {
            lines.add(name + ": " + value);
        }
    }

    private static void sizeSetting(List<String> lines, String name, long value, long fallback) {
        if (value != fallback) {
            lines.add(name + ": " + Units.formatSize(value));
        }
    }

    private static void millisSetting(List<String> lines, String name, long millis, long fallback) {
        if (millis != fallback) {
            lines.add(name + ": " + Units.formatDuration(Duration.ofMillis(millis)));
        }
    }

    private static void appendSection(StringBuilder y, String name, List<String> lines) {
        if (!lines.isEmpty()) {
            y.append(name).append(":\n");
            lines.forEach(line -> y.append("  ").append(line).append('\n'));
        }
    }

    private static String relative(Path base, Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.equals(base)) {
            return ".";
        }
        return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    }

    /**
     * A YAML double-quoted scalar. Quoting every string keeps values such as {@code yes},
     * {@code 1e3}, {@code ::1} or a path with {@code #} from being read as something else.
     */
    static String quoted(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                q.append(String.format("\\x%02x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
