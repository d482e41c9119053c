package io.molt.replica;

import io.molt.core.config.ConfigLoader;
import io.molt.core.config.MoltConfig;
import io.molt.services.ServiceRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one replica until the process is told to stop: {@code ReplicaMain <molt.yaml> <id>
 * [misbehaviour]}; the optional third argument makes the replica misbehave on purpose
 * ({@link Misbehaviour}: demonstrations and tests only).
 * Prints one line {@code ready replica=<id>} on stdout once it listens, so a launcher can
 * wait for it. The {@code molt replica} command calls {@link #run}.
 */
public final class ReplicaMain {
    /** Printed on stdout once the replica listens. */
    public static final String READY = "ready replica=";

    /**
     * When set (by a launcher such as the demo), the pid of the launching process: the
     * replica exits when that process is gone, so a launcher killed with SIGKILL leaves no
     * replicas behind.
     */
    public static final String PARENT_PID_ENV = "MOLT_PARENT_PID";

    private ReplicaMain() {}

    public static void main(String[] args) {
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
        ReplicaRuntime runtime;
        try {
            runtime = ReplicaRuntime.start(ReplicaLauncher.options(config, id), mode);
        } catch (IOException | IllegalArgumentException e) {
            err.println("molt replica: cannot start replica " + id + ": " + e.getMessage());
            return 1;
        }
        exitWithLauncher(err);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
