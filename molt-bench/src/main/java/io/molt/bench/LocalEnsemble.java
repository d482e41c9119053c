package io.molt.bench;

import io.molt.core.config.ConfigWriter;
import io.molt.core.config.MoltConfig;
import io.molt.core.config.ProtocolSettings;
import io.molt.core.keys.KeyDirectory;
import io.molt.replica.ReplicaMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
 * work directory, one JVM per replica (logs in {@code replica-N.log}), and the means to
 * kill and restart them. The demo, the benchmarks and the integration tests use it.
 */
public final class LocalEnsemble implements AutoCloseable {
    /** How the replica JVMs are started. */
    public record JvmSpec(Path javaBinary, String classpath, List<String> options) {
        /**
         * The JVM and classpath of this process, with options suited to several replicas
         * per machine, followed by any in the environment variable {@code MOLT_REPLICA_JAVA_OPTS}.
         */
        public static JvmSpec current() {
            String java = ProcessHandle.current().info().command().orElse("java");
            // A replica that runs out of memory stops at once rather than limping on with a
            // dead stage; it is then a crashed replica, and restarts from its disk.
            List<String> options = new ArrayList<>(List.of("-Xms128m", "-Xmx768m", "-XX:+ExitOnOutOfMemoryError",
                    "-XX:+UseParallelGC",
                    "-XX:ParallelGCThreads=1", "-XX:CICompilerCount=2", "-XX:+PerfDisableSharedMem",
                    "-Dio.netty.leakDetection.level=disabled"));
            String extra = System.getenv("MOLT_REPLICA_JAVA_OPTS");
            if (extra != null && !extra.isBlank()) {
                options.addAll(List.of(extra.trim().split("\\s+")));
            }
            return new JvmSpec(Path.of(java), absolute(System.getProperty("java.class.path")), List.copyOf(options));
        }

        /** Replicas run in the ensemble's directory: relative class path entries would not resolve there. */
        private static String absolute(String classpath) {
            List<String> entries = new ArrayList<>();
            for (String entry : classpath.split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
                }
            }
            return String.join(java.io.File.pathSeparator, entries);
        }
    }

    private static final Path SHELL = Path.of("/bin/sh");

    private final Path workDir;
    private boolean ownsWorkDir;
    private final MoltConfig config;
    private final Path configFile;
    private final JvmSpec jvm;
    private final Process[] processes;
    private final String[] misbehaviour;

    private LocalEnsemble(Path workDir, boolean ownsWorkDir, MoltConfig config, Path configFile, JvmSpec jvm) {
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.config = config;
        this.configFile = configFile;
        this.jvm = jvm;
        this.processes = new Process[config.n()];
        this.misbehaviour = new String[config.n()];
    }

    /**
     * Creates keys and a configuration for {@code n} replicas and {@code clients} clients in
     * {@code workDir} (a fresh temporary directory, deleted on close, when null). Starts
     * nothing.
     */
    public static LocalEnsemble create(int n, int t, int r, String service, int clients, Path workDir, JvmSpec jvm)
            throws IOException {
        return create(n, t, r, service, clients, workDir, jvm, ProtocolSettings.DEFAULTS);
    }

    /** The same with protocol settings of the caller's choice (tests use short checkpoint intervals). */
    public static LocalEnsemble create(int n, int t, int r, String service, int clients, Path workDir, JvmSpec jvm,
            ProtocolSettings protocol) throws IOException {
        return create(n, t, r, service, clients, workDir, jvm, protocol, true);
    }

    /**
     * The same, with durability on or off: off, a killed replica restarts empty and fetches
     * the state from its peers (each replica's data lives in {@code data/replica-N}).
     */
    public static LocalEnsemble create(int n, int t, int r, String service, int clients, Path workDir, JvmSpec jvm,
            ProtocolSettings protocol, boolean durable) throws IOException {
        boolean owns = workDir == null;
        Path dir = owns ? Files.createTempDirectory("molt-ensemble-") : Files.createDirectories(workDir);
        Path keys = dir.resolve("keys");
        KeyDirectory.init(keys, n, clients, KeyDirectory.InitOptions.DEFAULTS.withOverwrite(true));
        MoltConfig config = ConfigWriter.localEnsemble(t, r, service, freePorts(n), keys, dir.resolve("data"),
                protocol).withDurable(durable);
        Path file = dir.resolve("molt.yaml");
        ConfigWriter.write(config, file);
        return new LocalEnsemble(dir, owns, config, file, jvm);
    }

    private static List<Integer> freePorts(int count) throws IOException {
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
        return processes.length;
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
        for (int id = 0; id < processes.length; id++) {
            ready.add(startAsync(id));
        }
        await(ready, timeout);
    }

    /** Starts (or restarts) replica {@code id} and waits until it is ready. */
    public void start(int id, Duration timeout) throws IOException {
        await(List.of(startAsync(id)), timeout);
    }

    private CompletableFuture<Void> startAsync(int id) throws IOException {
        if (isAlive(id)) {
            throw new IllegalStateException("replica " + id + " is already running");
        }
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SHELL)) {
            // Started with SIGINT ignored (the JVM keeps it so): Ctrl-C in the terminal stops
            // the launcher, which then stops the replicas in order, instead of all of them
            // dying at once. Not a session of their own (setsid): with the kernel's
            // autogroup scheduling each session gets an equal CPU share, which starves the
            // launcher's client on a small machine.
            command.addAll(List.of(SHELL.toString(), "-c", "trap '' INT; exec \"$0\" \"$@\""));
        }
        command.add(jvm.javaBinary().toString());
        command.addAll(jvm.options());
        command.add("-cp");
        command.add(jvm.classpath());
        command.add(ReplicaMain.class.getName());
        command.add(configFile.toString());
        command.add(Integer.toString(id));
        if (misbehaviour[id] != null) {
            command.add(misbehaviour[id]);
        }
        Path log = workDir.resolve("replica-" + id + ".log");
        Files.writeString(log, "", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // If this launcher dies without stopping them (kill -9), the replicas exit too.
        builder.environment().put(ReplicaMain.PARENT_PID_ENV, Long.toString(ProcessHandle.current().pid()));
        Process p = builder.start();
        processes[id] = p;
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pumpStdout(p, log, ready), "molt-ensemble-out-" + id);
        pump.setDaemon(true);
        pump.start();
        return ready;
    }

    /** Copies a replica's stdout into its log and signals its ready line. */
    private static void pumpStdout(Process p, Path log, CompletableFuture<Void> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(ReplicaMain.READY)) {
                    ready.complete(null);
                }
                writer.write(line);
                writer.newLine();
                writer.flush();
            }
        } catch (IOException e) {
            // the process went away; its exit is noticed elsewhere
        } finally {
            ready.completeExceptionally(new IOException("replica exited before it was ready; see " + log));
        }
    }

    private void await(List<CompletableFuture<Void>> ready, Duration timeout) throws IOException {
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("replicas not ready within " + timeout.toSeconds() + " s; logs in " + workDir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting replicas");
        }
    }

    public boolean isAlive(int id) {
        return processes[id] != null && processes[id].isAlive();
    }

    /** Kills replica {@code id} with SIGKILL (no shutdown hooks, no flushing) and waits for it to die. */
    public void kill(int id) {
        Process p = processes[id];
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Deletes the durable state of replica {@code id}, which must not be running: its next
     * start begins empty and fetches the state from its peers.
     */
    public void wipe(int id) {
        if (isAlive(id)) {
            throw new IllegalStateException("replica " + id + " is running; kill it before wiping its state");
        }
        Path data = config.dataDir(id);
        if (Files.exists(data)) {
            deleteTree(data);
        }
    }

    /** Stops every replica: SIGTERM, then SIGKILL for any still alive after a few seconds. */
    public void stopAll() {
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Process p : processes) {
            if (p == null) {
                continue;
            }
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
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
