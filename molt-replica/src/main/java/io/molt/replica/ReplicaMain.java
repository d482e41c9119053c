package io.molt.replica;

import io.molt.core.config.ConfigLoader;
import io.molt.core.config.MoltConfig;
import io.molt.core.crypto.Credentials;
import io.molt.core.protocol.ReplicaKeys;
import io.molt.net.PreparedTransport;
import io.molt.replica.standby.StandbyChannel;
import io.molt.replica.standby.StandbyCredentials;
import io.molt.replica.standby.Warmup;
import io.molt.services.ServiceRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one replica until the process is told to stop: {@code ReplicaMain <molt.yaml> <id>
 * [misbehaviour]}; the optional third argument makes the replica misbehave on purpose
 * ({@link Misbehaviour}: demonstrations and tests only).
 * Prints one line {@code ready replica=<id>} on stdout once it listens, so a launcher can
 * wait for it. The {@code molt replica} command calls {@link #run}.
 *
 * <p>{@code ReplicaMain --standby <molt.yaml> <id> <data dir | ->} starts a standby for a
 * refresh instead: it reads its fresh key and certificate from stdin
 * ({@link StandbyChannel}), warms up, prints {@code standby replica=<id>}, and opens no
 * socket until the controller activates it with the key table on stdin; then it starts
 * with no state, keeps its durable state in the given (fresh) directory, and prints the
 * ready line.
 */
public final class ReplicaMain {
    /** Printed on stdout once the replica listens. */
    public static final String READY = "ready replica=";
    /** Printed on stdout once a standby is warm and waits for activation. */
    public static final String STANDBY = "standby replica=";
    public static final String STANDBY_FLAG = "--standby";
    /** How long a standby warms up, in ms (a system property; default 1500). */
    public static final String WARMUP_PROPERTY = "molt.standby.warmup-ms";

    /**
     * When set (by a launcher such as the demo), the pid of the launching process: the
     * replica exits when that process is gone, so a launcher killed with SIGKILL leaves no
     * replicas behind.
     */
    public static final String PARENT_PID_ENV = "MOLT_PARENT_PID";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReplicaMain.class);

    private ReplicaMain() {}

    public static void main(String[] args) {
        try {
            log.info("crypto provider preferred: {}", CryptoProviderChoice.install());
        } catch (IllegalArgumentException e) {
            System.err.println("ReplicaMain: " + e.getMessage());
            System.exit(2);
        }
        if (args.length == 4 && STANDBY_FLAG.equals(args[0])) {
            System.exit(runStandby(Path.of(args[1]), args[2], args[3], System.in, System.out, System.err));
        }
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: ReplicaMain <molt.yaml> <replica id> [misbehaviour]");
            System.exit(2);
        }
        Misbehaviour.Mode mode;
        try {
            mode = args.length == 3 ? Misbehaviour.Mode.parse(args[2]) : Misbehaviour.Mode.NONE;
        } catch (IllegalArgumentException e) {
            System.err.println("ReplicaMain: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(Path.of(args[0]), Integer.parseInt(args[1]), mode, System.out, System.err));
    }

    /** Runs replica {@code id}; returns the process exit code once it stops. */
    public static int run(Path configFile, int id, PrintStream out, PrintStream err) {
        return run(configFile, id, Misbehaviour.Mode.NONE, out, err);
    }

    /** Runs replica {@code id}, misbehaving as {@code mode} says; returns the exit code once it stops. */
    public static int run(Path configFile, int id, Misbehaviour.Mode mode, PrintStream out, PrintStream err) {
        ConfigLoader.Result loaded = ConfigLoader.loadForCommand(configFile, ServiceRegistry.builtIn().names());
        if (!loaded.ok()) {
            err.println("molt replica: " + loaded.error());
            return 2;
        }
        MoltConfig config = loaded.config();
        if (id < 0 || id >= config.n()) {
            err.println("molt replica: --id " + id + " is not a replica of " + configFile + " (ids 0.."
                    + (config.n() - 1) + ")");
            return 2;
        }
        ReplicaOptions options;
        try {
            options = ReplicaLauncher.options(config, id);
        } catch (IOException | IllegalArgumentException e) {
            err.println("molt replica: cannot start replica " + id + ": " + e.getMessage());
            return 1;
        }
        exitWithLauncher(err);
        return serve(options, mode, null, out, err);
    }

    /**
     * A standby: takes its key and certificate from {@code stdin}, checks them against the
     * deployment's authority, warms up, and waits for the activation on {@code stdin}.
     */
    public static int runStandby(Path configFile, String idText, String dataDirText, java.io.InputStream stdin,
            PrintStream out, PrintStream err) {
        ConfigLoader.Result loaded = ConfigLoader.loadForCommand(configFile, ServiceRegistry.builtIn().names());
        if (!loaded.ok()) {
            err.println("molt standby: " + loaded.error());
            return 2;
        }
        MoltConfig config = loaded.config();
        int id;
        try {
            id = Integer.parseInt(idText);
            config.replica(id);
        } catch (IllegalArgumentException e) {
            err.println("molt standby: '" + idText + "' is not a replica of " + configFile);
            return 2;
        }
        exitWithLauncher(err);
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(stdin,
                java.nio.charset.StandardCharsets.US_ASCII));
        Credentials credentials;
        try {
            credentials = StandbyCredentials.check(StandbyChannel.readKit(in), id, config.keysDir());
        } catch (IOException e) {
            err.println("molt standby: refusing the kit for replica " + id + ": " + e.getMessage());
            return 1;
        }
        long warmupMillis = Long.getLong(WARMUP_PROPERTY, 1500);
        long started = System.nanoTime();
        log.info("standby for replica {}: kit accepted ({} ms after the JVM started); preparing", id,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        PreparedTransport transport;
        try {
            // Everything that does not need the key table happens now, so that the
            // activation only binds, dials and starts the threads.
            transport = PreparedTransport.prepare(credentials, ReplicaLauncher.transportSettings(config));
        } catch (IOException | RuntimeException e) {
            err.println("molt standby: cannot prepare replica " + id + ": " + e.getMessage());
            return 1;
        }
        // From here the transport's event loops run (non-daemon threads): every way out closes it.
        ReplicaOptions options;
        try {
            int handshakes = transport.rehearse(Duration.ofMillis(warmupMillis / 3));
            long rounds = Warmup.run(warmupMillis - warmupMillis / 3,
                    ServiceRegistry.builtIn().factory(config.service()).create(), config.codecLimits());
            log.info("standby for replica {}: ready in {} ms ({} warm-up rounds, {} rehearsed TLS handshakes)", id,
                    (System.nanoTime() - started) / 1_000_000, rounds, handshakes);
            out.println(STANDBY + id + " warm-up-rounds=" + rounds + " rehearsed-handshakes=" + handshakes);
            out.flush();
        } catch (IOException | RuntimeException e) {
            transport.close();
            err.println("molt standby: cannot prepare replica " + id + ": " + e.getMessage());
            return 1;
        }
        try {
            ReplicaKeys keys = StandbyChannel.readActivation(in, config.n());
            StandbyCredentials.checkActivation(keys, id, credentials);
            Path dataDir = "-".equals(dataDirText) ? null : Path.of(dataDirText);
            options = ReplicaLauncher.options(config, id, credentials, keys, dataDir);
        } catch (IOException | RuntimeException e) {
            transport.close();
            err.println("molt standby: cannot activate replica " + id + ": " + e.getMessage());
            return 1;
        }
        return serve(options, Misbehaviour.Mode.NONE, transport, out, err);
    }

    /**
     * Starts the runtime (on {@code transport} when a standby prepared one, else on its own),
     * prints the ready line, and runs until told to stop or broken.
     */
    private static int serve(ReplicaOptions options, Misbehaviour.Mode mode, PreparedTransport transport,
            PrintStream out, PrintStream err) {
        int id = options.id();
        ReplicaRuntime runtime;
        try {
            runtime = transport == null ? ReplicaRuntime.start(options, mode)
                    : ReplicaRuntime.start(options, mode, transport);
        } catch (IOException | IllegalArgumentException e) {
            err.println("molt replica: cannot start replica " + id + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            runtime.close();
            stopped.countDown();
        }, "molt-shutdown"));
        out.println(READY + id);
        out.flush();
        while (runtime.isHealthy()) {
            try {
                if (stopped.await(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        if (stopping.get()) {
            return 0; // told to stop: the runtime reads as stopped while the hook closes it
        }
        err.println("molt replica: replica " + id + " stopped after an internal failure (see the log)");
        return 1;
    }

    private static void exitWithLauncher(PrintStream err) {
        String parent = System.getenv(PARENT_PID_ENV);
        if (parent == null || parent.isBlank()) {
            return;
        }
        try {
            Optional<ProcessHandle> launcher = ProcessHandle.of(Long.parseLong(parent.trim()));
            if (launcher.isEmpty()) {
                err.println("molt replica: launcher " + parent + " is gone; exiting");
                System.exit(3);
            }
            launcher.get().onExit().thenRun(() -> {
                err.println("molt replica: launcher " + parent + " exited; stopping");
                System.exit(3);
            });
        } catch (NumberFormatException e) {
            err.println("molt replica: ignoring " + PARENT_PID_ENV + "=" + parent + ": not a pid");
        }
    }
}
