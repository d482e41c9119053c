package io.molt.cli;

import io.molt.bench.RefreshLog;
import io.molt.controller.Controller;
import io.molt.controller.LocalProcessPlatform;
import io.molt.controller.ReplicaJvm;
import io.molt.core.config.ConfigLoader;
import io.molt.core.config.MoltConfig;
import io.molt.core.config.ReplicaAddress;
import io.molt.core.config.Units;
import io.molt.services.ServiceRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code molt controller --config molt.yaml}: the trusted controller with the local process
 * platform. It starts every replica of the deployment as a process on this machine, then
 * refreshes them as the {@code refresh} section says (one replica per epoch, in turn) until
 * stopped; Ctrl-C stops the controller, then the replicas.
 */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Run the refresh controller for a deployment whose replicas all live on this machine: start "
                + "them, then swap one replica per epoch for a fresh standby (new variant, new keys) as molt.yaml's "
                + "refresh section says, until Ctrl-C.")
final class ControllerCommand implements java.util.concurrent.Callable<Integer> {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--config", required = true, description = "The deployment's molt.yaml.")
    Path configFile;

    @Option(names = "--log-dir", description = "Where the replicas' logs go (default: the directory of molt.yaml).")
    Path logDir;

    @Option(names = "--max-refreshes", description = "Stop after this many completed refreshes (default: never).")
    int maxRefreshes = Integer.MAX_VALUE;

    @Override
    public Integer call() throws Exception {
        ConfigLoader.Result loaded = ConfigLoader.loadForCommand(configFile, ServiceRegistry.builtIn().names());
        if (!loaded.ok()) {
            throw new IllegalArgumentException(loaded.error());
        }
        MoltConfig config = loaded.config();
        checkRunnableHere(config);
        if (config.refresh().controllerClient().isEmpty()) {
            throw new IllegalArgumentException(configFile + ": refresh.controller-client is not set; name the client"
                    + " identity (client-N in the key directory) the controller talks to the replicas with");
        }
        if (maxRefreshes < 1) {
            throw new IllegalArgumentException("--max-refreshes must be at least 1");
        }
        Path logs = logDir != null ? logDir : configFile.toAbsolutePath().getParent();
        Files.createDirectories(logs);
        RunSupport.quietLauncherLogs();
        LocalProcessPlatform platform = new LocalProcessPlatform(config, configFile, logs, ReplicaJvm.current());
        // Ctrl-C: the hook asks the main thread to stop and waits for it to have stopped
        // everything; all cleanup happens on the main thread, in one place.
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopping.set(true);
            try {
                // Longer than the controller may take to finish a swap under way (3 min) plus
                // stopping the replicas, so the JVM does not end before the cleanup did.
                done.await(4, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "molt-controller-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Controller controller = null;
        try {
            System.out.printf("starting %d replicas of %s (logs in %s)%n", config.n(), configFile, logs);
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            for (int id = 0; id < config.n(); id++) {
                ready.add(platform.launch(id, ReplicaJvm.initialVariant(id), null));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new));
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!all.isDone() && !stopping.get()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("replicas not ready within " + START_TIMEOUT.toSeconds() + " s; logs in "
                            + logs);
                }
                Thread.sleep(100);
            }
            if (stopping.get()) {
                return 130;
            }
            try {
                all.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw new IOException("replicas did not start: " + e.getCause().getMessage() + "; logs in " + logs,
                        e.getCause());
            }
            System.out.printf("refreshing one replica every %s%s; Ctrl-C stops%n",
                    Units.formatDuration(config.refresh().period()),
                    config.refresh().lifespanRequests() > 0 ? " or every " + config.refresh().lifespanRequests()
                            + " requests" : "");
            controller = Controller.start(config, config.refresh(), platform, maxRefreshes,
                    new RefreshLog(System.out, System.nanoTime()));
            while (!controller.isDone() && !stopping.get()) {
                Thread.sleep(200);
            }
            int completed = controller.completed();
            if (stopping.get()) {
                System.out.printf("stopping after %d refreshes%n", completed);
                return 130;
            }
            if (completed < maxRefreshes) {
                System.err.printf("molt controller: the controller stopped after %d of %d refreshes (see the log)%n",
                        completed, maxRefreshes);
                return 1;
            }
            System.out.printf("%d refreshes completed; stopping%n", completed);
            return 0;
        } finally {
            if (controller != null) {
                controller.close();
            }
            platform.close();
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs and waits for this
            }
        }
    }

    /**
     * The local platform runs every replica here, and it starts from the keys of epoch 0:
     * refuse a deployment it cannot run rather than start replicas that will be refused.
     */
    private void checkRunnableHere(MoltConfig config) throws IOException {
        for (ReplicaAddress a : config.replicas()) {
            InetAddress address;
            try {
                address = InetAddress.getByName(a.host());
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(configFile + ": replica " + a.id() + "'s host '" + a.host()
                        + "' does not resolve");
            }
            if (!address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new IllegalArgumentException(configFile + ": replica " + a.id() + "'s host " + a.host()
                        + " is not an address of this machine; the local process platform runs every replica here");
            }
        }
        if (Files.isDirectory(config.storageDir())) {
            try (Stream<Path> dirs = Files.list(config.storageDir())) {
                List<String> refreshed = dirs.map(p -> p.getFileName().toString())
                        .filter(name -> name.matches("replica-\\d+-epoch-\\d+")).sorted().toList();
                if (!refreshed.isEmpty()) {
                    throw new IllegalArgumentException(config.storageDir() + " holds refreshed incarnations "
                            + refreshed + " of an earlier controller run; the controller does not resume an earlier "
                            + "run's epochs yet (docs/DECISIONS.md): move the storage directory away to start afresh");
                }
            }
        }
    }
}
