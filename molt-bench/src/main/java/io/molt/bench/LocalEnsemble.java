package io.molt.bench;

import io.molt.controller.Controller;
import io.molt.controller.LocalProcessPlatform;
import io.molt.controller.RefreshListener;
import io.molt.controller.ReplicaJvm;
import io.molt.core.config.ConfigWriter;
import io.molt.core.config.MoltConfig;
import io.molt.core.config.ProtocolSettings;
import io.molt.core.config.RefreshSettings;
import io.molt.core.keys.KeyDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An ensemble of replica processes on 127.0.0.1: its own key directory and molt.yaml in a
 * work directory, one JVM per replica (logs in {@code replica-N.log}, and
 * {@code replica-N-epoch-E.log} for refreshed incarnations), run by the local process
 * platform, and the means to kill, restart and refresh them. The demo, the benchmarks and
 * the integration tests use it. Client ids {@code 0..clients-1} are for workloads; one more,
 * {@code clients}, is the controller's.
 */
public final class LocalEnsemble implements AutoCloseable {
    private final Path workDir;
    private boolean ownsWorkDir;
    private final MoltConfig config;
    private final Path configFile;
    private final LocalProcessPlatform platform;
    private final String[] misbehaviour;
    private Controller controller;

    private LocalEnsemble(Path workDir, boolean ownsWorkDir, MoltConfig config, Path configFile, ReplicaJvm jvm) {
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.config = config;
        this.configFile = configFile;
        this.platform = new LocalProcessPlatform(config, configFile, workDir, jvm);
        this.misbehaviour = new String[config.n()];
    }

    /**
     * Creates keys and a configuration for {@code n} replicas and {@code clients} clients in
     * {@code workDir} (a fresh temporary directory, deleted on close, when null). Starts
     * nothing.
     */
    public static LocalEnsemble create(int n, int t, int r, String service, int clients, Path workDir, ReplicaJvm jvm)
            throws IOException {
        return create(n, t, r, service, clients, workDir, jvm, ProtocolSettings.DEFAULTS);
    }

    /** The same with protocol settings of the caller's choice (tests use short checkpoint intervals). */
    public static LocalEnsemble create(int n, int t, int r, String service, int clients, Path workDir, ReplicaJvm jvm,
            ProtocolSettings protocol) throws IOException {
        return create(n, t, r, service, clients, workDir, jvm, protocol, true);
    }

    /**
     * The same, with durability on or off: off, a killed replica restarts empty and fetches
     * the state from its peers (each incarnation's data lives in {@code data/replica-N}, or
     * {@code data/replica-N-epoch-E} after a refresh).
     */
    public static LocalEnsemble create(int n, int t, int r, String service, int clients, Path workDir, ReplicaJvm jvm,
            ProtocolSettings protocol, boolean durable) throws IOException {
        boolean owns = workDir == null;
        Path dir = owns ? Files.createTempDirectory("molt-ensemble-") : Files.createDirectories(workDir);
        Path keys = dir.resolve("keys");
        KeyDirectory.init(keys, n, clients + 1, KeyDirectory.InitOptions.DEFAULTS.withOverwrite(true));
        MoltConfig config = ConfigWriter.localEnsemble(t, r, service, freePorts(n), keys, dir.resolve("data"),
                protocol).withDurable(durable).withRefresh(RefreshSettings.DEFAULTS.withControllerClient(clients));
        Path file = dir.resolve("molt.yaml");
        ConfigWriter.write(config, file);
        return new LocalEnsemble(dir, owns, config, file, jvm);
    }

    /** {@code count} ports free on the loopback interface right now (for configurations of local ensembles). */
    public static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    public MoltConfig config() {
        return config;
    }

    public Path configFile() {
        return configFile;
    }

    public Path workDir() {
        return workDir;
    }

    public int size() {
        return config.n();
    }

    /** The platform driver running the replica processes. */
    public LocalProcessPlatform platform() {
        return platform;
    }

    /**
     * Makes replica {@code id} misbehave on purpose from its next start ({@code equivocate},
     * {@code silent}, {@code slow}, {@code corrupt-replies}, {@code bad-checkpoint}).
     */
    public void misbehave(int id, String mode) {
        misbehaviour[id] = mode;
    }

    /** Starts every replica and waits until each has printed its ready line. */
    public void startAll(Duration timeout) throws IOException {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (int id = 0; id < size(); id++) {
            ready.add(platform.launch(id, ReplicaJvm.initialVariant(id), misbehaviour[id]));
        }
        await(ready, timeout);
    }

    /**
     * Starts replica {@code id} again after it was killed — its current incarnation, from
     * its own durable state — and waits until it is ready.
     */
    public void start(int id, Duration timeout) throws IOException {
        await(List.of(platform.restart(id)), timeout);
    }

    /**
     * The same without waiting: starts replica {@code id}'s current incarnation again and
     * returns a future that completes once it listens, or fails after {@code timeout}.
     */
    public CompletableFuture<Void> restart(int id, Duration timeout) throws IOException {
        return platform.restart(id).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the refresh controller (in this process, with the local process platform):
     * it refreshes replica {@code e mod n} in epoch {@code e} as {@code settings} say,
     * {@code maxRefreshes} times at most. Stopped when the ensemble closes.
     */
    public Controller startController(RefreshSettings settings, int maxRefreshes, RefreshListener listener)
            throws IOException {
        if (controller != null) {
            throw new IllegalStateException("the controller is already running");
        }
        controller = Controller.start(config, settings.withControllerClient(
                config.refresh().controllerClient().orElseThrow()), platform, maxRefreshes, listener);
        return controller;
    }

    private void await(List<CompletableFuture<Void>> ready, Duration timeout) throws IOException {
        LocalProcessPlatform.awaitReady(ready, timeout, "replicas", workDir);
    }

    public boolean isAlive(int id) {
        return platform.isAlive(id);
    }

    /** Kills replica {@code id} with SIGKILL (no shutdown hooks, no flushing) and waits for it to die. */
    public void kill(int id) {
        platform.kill(id);
    }

    /**
     * Deletes the durable state of replica {@code id}'s current incarnation, which must not
     * be running: its next start begins empty and fetches the state from its peers.
     */
    public void wipe(int id) {
        if (isAlive(id)) {
            throw new IllegalStateException("replica " + id + " is running; kill it before wiping its state");
        }
        Path data = platform.dataDir(id);
        if (Files.exists(data)) {
            deleteTree(data);
        }
    }

    /** Stops the controller, then every replica: SIGTERM, then SIGKILL for any still alive after a few seconds. */
    public void stopAll() {
        if (controller != null) {
            controller.close();
        }
        platform.close();
    }

    /** Keeps the work directory (with the replicas' logs) when the ensemble closes. */
    public void keepWorkDir() {
        ownsWorkDir = false;
    }

    @Override
    public void close() {
        stopAll();
        if (ownsWorkDir) {
            deleteTree(workDir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // leaving a temporary directory behind is not worth failing for
        }
    }
}
