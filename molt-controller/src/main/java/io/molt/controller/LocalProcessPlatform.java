package io.molt.controller;

import io.molt.core.config.MoltConfig;
import io.molt.core.protocol.ReplicaKeys;
import io.molt.replica.ReplicaMain;
import io.molt.replica.standby.StandbyChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The local process driver: every replica is a JVM on this machine, its network identity
 * is its {@code host:port} in {@code molt.yaml}, which a standby binds once the retired
 * replica's process is gone. Standbys get their kit and activation over stdin; each
 * incarnation keeps its durable state in a directory of its own
 * ({@code <storage>/replica-N} for the first, {@code <storage>/replica-N-epoch-E} after a
 * refresh), so a refreshed replica never reads its predecessor's disk.
 *
 * <p>It also starts the ensemble's first replicas and restarts a crashed incarnation from
 * its own disk (the crash-recovery path, which is not a refresh): for a refreshed
 * incarnation it keeps the kit in memory to hand it over again, as the incarnation's own
 * protected disk would on a real machine. Thread-safe.
 */
public final class LocalProcessPlatform implements Platform {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final MoltConfig config;
    private final Path configFile;
    private final Path workDir;
    private final ReplicaJvm jvm;
    private final Incarnation[] incarnations;
    /** Standbys provisioned and not yet attached or discarded. */
    private final java.util.Set<Incarnation> waiting = new java.util.HashSet<>();
    /** Set by {@link #close}: nothing starts afterwards. */
    private boolean closed;

    /** What it takes to start (or restart) one incarnation of a replica, and its process. */
    private static final class Incarnation {
        final int replica;
        final long epoch;
        final Variant variant;
        final String misbehaviour;
        final byte[] rawPrivateKey;
        final X509Certificate certificate;
        ReplicaKeys keys;
        ReplicaProcess process;

        Incarnation(int replica, long epoch, Variant variant, String misbehaviour, byte[] rawPrivateKey,
                X509Certificate certificate) {
            this.replica = replica;
            this.epoch = epoch;
            this.variant = variant;
            this.misbehaviour = misbehaviour;
            this.rawPrivateKey = rawPrivateKey;
            this.certificate = certificate;
        }

        boolean refreshed() {
            return rawPrivateKey != null;
        }
    }

    private record LocalStandby(Incarnation incarnation) implements Standby {
        @Override
        public int replica() {
            return incarnation.replica;
        }

        @Override
        public long epoch() {
            return incarnation.epoch;
        }

        @Override
        public Variant variant() {
            return incarnation.variant;
        }
    }

    public LocalProcessPlatform(MoltConfig config, Path configFile, Path workDir, ReplicaJvm jvm) {
        this.config = config;
        this.configFile = configFile.toAbsolutePath();
        this.workDir = workDir.toAbsolutePath();
        this.jvm = jvm;
        this.incarnations = new Incarnation[config.n()];
    }

    /**
     * Starts replica {@code id}'s first incarnation (keys from the key directory) in
     * {@code variant}, misbehaving on purpose when {@code misbehaviour} is not null;
     * completes once it listens.
     */
    public synchronized CompletableFuture<Void> launch(int id, Variant variant, String misbehaviour)
            throws IOException {
        requireStopped(id);
        Incarnation first = new Incarnation(id, 0, variant, misbehaviour, null, null);
        startFirst(first);
        return first.process.ready();
    }

    private void startFirst(Incarnation inc) throws IOException {
        requireOpen();
        List<String> args = baseArgs(inc.variant);
        args.add(configFile.toString());
        args.add(Integer.toString(inc.replica));
        if (inc.misbehaviour != null) {
            args.add(inc.misbehaviour);
        }
        inc.process = ReplicaProcess.start(inc.variant.jvm().javaBinary(), args, workDir,
                workDir.resolve("replica-" + inc.replica + ".log"));
        incarnations[inc.replica] = inc;
    }

    @Override
    public Standby provision(int replica, long epoch, Variant variant, byte[] rawPrivateKey,
            X509Certificate certificate) throws IOException {
        Incarnation next = new Incarnation(replica, epoch, variant, null, rawPrivateKey.clone(), certificate);
        synchronized (this) {
            requireOpen();
            next.process = startStandby(next);
            waiting.add(next);
        }
        LocalStandby standby = new LocalStandby(next);
        try {
            ReplicaProcess.await(List.of(next.process.standby()), START_TIMEOUT, "standby for replica " + replica,
                    next.process.log());
        } catch (IOException e) {
            discard(standby);
            throw e;
        }
        return standby;
    }

    private ReplicaProcess startStandby(Incarnation inc) throws IOException {
        List<String> args = baseArgs(inc.variant);
        args.add(ReplicaMain.STANDBY_FLAG);
        args.add(configFile.toString());
        args.add(Integer.toString(inc.replica));
        args.add(config.durable() ? dataDir(inc).toString() : "-");
        ReplicaProcess p = ReplicaProcess.start(inc.variant.jvm().javaBinary(), args, workDir,
                workDir.resolve("replica-" + inc.replica + "-epoch-" + inc.epoch + ".log"));
        try {
            StandbyChannel.writeKit(p.stdin(), inc.rawPrivateKey, inc.certificate);
        } catch (IOException e) {
            p.kill();
            throw new IOException("cannot hand the kit to the standby for replica " + inc.replica + ": "
                    + e.getMessage() + "; see " + p.log(), e);
        }
        return p;
    }

    @Override
    public void attach(Standby standby, ReplicaKeys keys) throws IOException {
        Incarnation inc = ((LocalStandby) standby).incarnation();
        synchronized (this) {
            requireOpen();
            requireStopped(inc.replica);
            waiting.remove(inc);
            inc.keys = keys;
            incarnations[inc.replica] = inc;
        }
        activate(inc);
    }

    private static void activate(Incarnation inc) throws IOException {
        try {
            StandbyChannel.writeActivation(inc.process.stdin(), inc.keys);
        } catch (IOException e) {
            throw new IOException("cannot activate the standby for replica " + inc.replica + ": " + e.getMessage()
                    + "; see " + inc.process.log(), e);
        }
        ReplicaProcess.await(List.of(inc.process.ready()), START_TIMEOUT, "replica " + inc.replica,
                inc.process.log());
    }

    /**
     * Starts replica {@code id}'s current incarnation again after a crash, from its own
     * durable state; completes once it listens.
     */
    public CompletableFuture<Void> restart(int id) throws IOException {
        Incarnation inc;
        synchronized (this) {
            requireStopped(id);
            inc = incarnations[id];
            if (inc == null) {
                throw new IllegalStateException("replica " + id + " was never started");
            }
            if (!inc.refreshed()) {
                startFirst(inc);
                return inc.process.ready();
            }
            requireOpen();
            inc.process = startStandby(inc);
        }
        // A thread of its own: waiting for a JVM to start must not hold a shared pool's thread.
        Incarnation restarted = inc;
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread activation = new Thread(() -> {
            try {
                ReplicaProcess.await(List.of(restarted.process.standby()), START_TIMEOUT, "replica " + id,
                        restarted.process.log());
                activate(restarted);
                ready.complete(null);
            } catch (IOException | RuntimeException e) {
                ready.completeExceptionally(e);
            }
        }, "molt-restart-" + id);
        activation.setDaemon(true);
        activation.start();
        return ready;
    }

    /**
     * Waits for processes started here to be ready ({@link #launch}, {@link #restart}),
     * turning a failure or a timeout into an {@link IOException} that names the logs.
     */
    public static void awaitReady(List<CompletableFuture<Void>> ready, Duration timeout, String what, Path logs)
            throws IOException {
        ReplicaProcess.await(ready, timeout, what, logs);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the platform is closed");
        }
    }

    private void requireStopped(int id) {
        if (isAlive(id)) {
            throw new IllegalStateException("replica " + id + " is already running");
        }
    }

    private List<String> baseArgs(Variant variant) {
        List<String> args = new ArrayList<>(jvm.options());
        args.addAll(variant.jvmOptions());
        args.add("-cp");
        args.add(jvm.classpath());
        args.add(ReplicaMain.class.getName());
        return args;
    }

    private Path dataDir(Incarnation inc) {
        return inc.epoch == 0 ? config.dataDir(inc.replica)
                : config.storageDir().resolve("replica-" + inc.replica + "-epoch-" + inc.epoch);
    }

    /** Where replica {@code id}'s current incarnation keeps its durable state. */
    public synchronized Path dataDir(int id) {
        Incarnation inc = incarnations[id];
        return inc == null ? config.dataDir(id) : dataDir(inc);
    }

    @Override
    public void retire(int replica) {
        kill(replica);
    }

    /** Kills replica {@code id}'s process with SIGKILL and waits for it to be gone. */
    public void kill(int id) {
        ReplicaProcess p;
        synchronized (this) {
            Incarnation inc = incarnations[id];
            p = inc == null ? null : inc.process;
        }
        if (p != null) {
            p.kill();
        }
    }

    @Override
    public void discard(Standby standby) {
        Incarnation inc = ((LocalStandby) standby).incarnation();
        synchronized (this) {
            waiting.remove(inc);
        }
        inc.process.kill();
    }

    @Override
    public synchronized boolean isAlive(int replica) {
        Incarnation inc = incarnations[replica];
        return inc != null && inc.process != null && inc.process.isAlive();
    }

    @Override
    public synchronized Variant variantOf(int replica) {
        Incarnation inc = incarnations[replica];
        return inc == null ? null : inc.variant;
    }

    /** The epoch whose change introduced replica {@code id}'s current incarnation (0: the first). */
    public synchronized long epochOf(int id) {
        Incarnation inc = incarnations[id];
        return inc == null ? 0 : inc.epoch;
    }

    /** Stops every replica: SIGTERM, then SIGKILL for any still alive after a few seconds. */
    @Override
    public void close() {
        List<ReplicaProcess> running = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Incarnation inc : incarnations) {
                if (inc != null && inc.process != null) {
                    running.add(inc.process);
                }
            }
            waiting.forEach(inc -> running.add(inc.process));
            waiting.clear();
        }
        running.forEach(ReplicaProcess::terminate);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ReplicaProcess p : running) {
            if (!p.waitFor(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                p.kill();
            }
        }
    }
}
