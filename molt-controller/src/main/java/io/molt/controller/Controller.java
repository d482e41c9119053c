package io.molt.controller;

import io.molt.client.ReplicatedClient;
import io.molt.core.config.MoltConfig;
import io.molt.core.config.RefreshSettings;
import io.molt.core.message.EpochChange;
import io.molt.core.message.EpochChangeReply;
import io.molt.core.message.StatusReport;
import io.molt.core.protocol.ReplicaKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refresh controller: the reboot clock, the standby pool, and the swap.
 *
 * <p>Epoch {@code e} retires replica {@code e mod n}. The standby for it is provisioned as
 * soon as the previous swap is done, while the replica refreshed by that swap recovers.
 * Epoch {@code e} begins when its epoch change is confirmed and ends after
 * {@code refresh.period}, or earlier once
 * {@code refresh.lifespan-requests} requests were committed in it as {@code t + 1} replicas
 * report — the time bound holds whatever the replicas say. The next swap also waits until
 * the previous refreshed replica was reinstated, so no more than one replica recovers at a
 * time ({@code r >= 1} covers it); a swap that is late for that reason is reported.
 *
 * <p>The controller reads the replicas only as a client: epoch changes complete by reply
 * synthesis, progress counts only when {@code t + 1} replicas report it.
 */
public final class Controller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);
    private static final long POLL_MILLIS = 100;
    /** A replica slow to rejoin is reported once a period, but not more often than this. */
    private static final Duration WARN_EVERY = Duration.ofSeconds(5);
    /** How long an epoch change stays valid after it is signed. */
    private static final Duration CHANGE_VALIDITY = Duration.ofMinutes(2);

    private final MoltConfig config;
    private final RefreshSettings settings;
    private final ReplicatedClient client;
    private final Platform platform;
    private final EpochIssuer issuer;
    private final VariantSource variants;
    private final RefreshListener listener;
    private final int maxRefreshes;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    /** Whether closing the controller closes its client (it made the client itself). */
    private volatile boolean ownsClient;
    private volatile ReplicaKeys keys;
    private volatile long epoch;
    private volatile int completed;
    private volatile long maxRecoveryMillis;
    private volatile long maxOutOfServiceMillis;

    /**
     * Starts a controller for the deployment {@code config}: the authority's key and the
     * initial replica keys from the key directory, the variant seed beside them, and the
     * client identity {@code refresh.controller-client}. For an ensemble still at epoch 0:
     * the controller does not yet keep its key table across its own restarts.
     */
    public static Controller start(MoltConfig config, RefreshSettings settings, Platform platform,
            int maxRefreshes, RefreshListener listener) throws java.io.IOException {
        long clientId = settings.controllerClient().orElseThrow(() -> new IllegalArgumentException(
                "refresh.controller-client is not set: name the client identity the controller uses"));
        var authority = io.molt.core.keys.KeyDirectory.loadAuthority(config.keysDir());
        ReplicaKeys initial = ReplicaKeys.initial(io.molt.core.keys.KeyDirectory.replicaPublicKeys(config.keysDir(),
                config.n()));
        VariantSource variants = new SeededVariants(ControllerSecrets.variantSeed(config.keysDir()),
                JvmInstallations.discover());
        ReplicatedClient client = io.molt.client.MoltClients.connect(config, clientId);
        Controller c = new Controller(config, settings, client, platform, authority, variants, initial, 0,
                maxRefreshes, listener);
        c.ownsClient = true;
        return c;
    }

    /**
     * Starts the controller's thread at once.
     *
     * @param keys the key table as the ensemble holds it (the initial keys for a new ensemble)
     * @param epoch the latest epoch in {@code keys}
     * @param maxRefreshes stop after this many completed refreshes ({@code Integer.MAX_VALUE}: never)
     */
    public Controller(MoltConfig config, RefreshSettings settings, ReplicatedClient client, Platform platform,
            io.molt.core.crypto.CertificateAuthority authority, VariantSource variants, ReplicaKeys keys,
            long epoch, int maxRefreshes, RefreshListener listener) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        this.platform = platform;
        this.issuer = new EpochIssuer(authority);
        this.variants = variants;
        this.keys = keys;
        this.epoch = epoch;
        this.maxRefreshes = maxRefreshes;
        this.listener = listener;
        this.thread = new Thread(this::run, "molt-controller");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            refreshUntilStopped();
        } catch (RuntimeException | Error e) {
            // A bug, not a fault of the replicas: loud, and the service keeps running
            // without refreshes rather than with a half-done one.
            log.error("controller: stopped after an internal failure; no further refreshes", e);
            listener.trouble("controller stopped after an internal failure: " + e);
        }
    }

    private void refreshUntilStopped() {
        long epochBegan = System.nanoTime();
        long requestsAtBegin = votedRequests().orElse(0);
        CompletableFuture<Prepared> ahead = null;
        // A warm standby not yet handed to swap(): discarded on every way out of the loop.
        Platform.Standby unattached = null;
        try {
            while (running.get() && completed < maxRefreshes) {
                long next = epoch + 1;
                int replica = (int) (next % config.n());
                Prepared prepared = ahead != null ? ahead.join() : provision(replica, next);
                ahead = null;
                if (prepared == null) {
                    continue;
                }
                unattached = prepared.standby();
                EpochIssuer.Issued issued = prepared.issued();
                awaitEndOfEpoch(epochBegan, requestsAtBegin);
                if (!running.get()) {
                    return;
                }
                Ordered ordered = order(issued);
                if (ordered == null) {
                    return;
                }
                epochBegan = System.nanoTime();
                requestsAtBegin = votedRequests().orElse(requestsAtBegin);
                Platform.Standby standby = unattached;
                unattached = null;
                RefreshListener.Swap swap = swap(standby, ordered.where(), ordered.change(), issued);
                if (swap != null) {
                    // The next standby starts while this one recovers: the window in which
                    // replicas are refreshed shrinks by a JVM start per replica.
                    if (running.get() && completed + 1 < maxRefreshes) {
                        ahead = provisionAhead(epoch + 1);
                    }
                    awaitRecovery(swap);
                }
            }
        } finally {
            if (unattached != null) {
                platform.discard(unattached);
            }
            discardWhenReady(ahead);
        }
    }

    /**
     * Discards the standby being provisioned ahead once it is ready: waits up to a minute
     * and a half for it, then leaves the discarding to the provisioning's completion.
     */
    private void discardWhenReady(CompletableFuture<Prepared> ahead) {
        if (ahead == null) {
            return;
        }
        ahead.thenAccept(p -> {
            if (p != null) {
                platform.discard(p.standby());
            }
        });
        try {
            ahead.get(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("controller: the standby provisioned ahead did not come up while stopping: {}", e.toString());
        }
    }

    /** Provisions the standby for epoch {@code next} on a thread of its own. */
    private CompletableFuture<Prepared> provisionAhead(long next) {
        CompletableFuture<Prepared> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(provision((int) (next % config.n()), next));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, "molt-controller-provision");
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** A warm standby and the key and certificate it holds, which the epoch change introduces. */
    private record Prepared(Platform.Standby standby, EpochIssuer.Issued issued) {}

    private Prepared provision(int replica, long next) {
        Variant variant = variants.next(replica, next, platform.variantOf(replica));
        EpochIssuer.Issued issued = issuer.issue(replica, next);
        long start = System.nanoTime();
        Platform.Standby standby;
        try {
            standby = platform.provision(replica, next, variant, issued.rawPrivateKey(), issued.certificate());
        } catch (java.io.IOException | RuntimeException e) {
            trouble("provisioning the standby for replica " + replica + " failed: " + e.getMessage());
            sleep(1000);
            return null;
        }
        listener.provisioned(replica, next, variant, (System.nanoTime() - start) / 1_000_000);
        return new Prepared(standby, issued);
    }

    /** Waits until the reboot clock or the lifespan in requests ends the current epoch. */
    private void awaitEndOfEpoch(long began, long requestsAtBegin) {
        long end = began + settings.period().toNanos();
        while (running.get() && System.nanoTime() < end) {
            if (settings.lifespanRequests() > 0) {
                OptionalLong now = votedRequests();
                if (now.isPresent() && now.getAsLong() - requestsAtBegin >= settings.lifespanRequests()) {
                    return;
                }
            }
            sleep(Math.min(POLL_MILLIS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    /** An epoch change as ordered, and where it took effect. */
    private record Ordered(EpochChange change, EpochChangeReply where) {}

    /**
     * Has the epoch change for {@code issued} ordered. Retries for as long as it runs, each
     * time with a fresh validity in case the replicas refused the last one as expired. Once a
     * change was sent it may be ordered at any time, and an ordered change nobody swaps for
     * leaves the replica without a key: so a controller being stopped still tries a few more
     * times, and says so if it gives up (the next controller run must refresh that replica).
     */
    private Ordered order(EpochIssuer.Issued issued) {
        int attemptsAfterStop = 0;
        while (running.get() || attemptsAfterStop++ < 2) {
            EpochChange change = issuer.change(issued, System.currentTimeMillis() + CHANGE_VALIDITY.toMillis());
            CompletableFuture<EpochChangeReply> f = client.orderEpochChange(change, Duration.ofSeconds(20));
            try {
                return new Ordered(change, f.get(25, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                f.cancel(false);
                trouble("epoch change " + change.epoch() + " not confirmed yet: "
                        + (e.getCause() == null ? e : e.getCause()).getMessage());
            }
        }
        trouble("stopped without confirmation of epoch change " + issued.epoch() + ": if it is ordered later,"
                + " replica " + issued.replica() + " counts as recovering until it is refreshed again");
        return null;
    }

    private RefreshListener.Swap swap(Platform.Standby standby, EpochChangeReply where, EpochChange change,
            EpochIssuer.Issued issued) {
        keys = keys.with(change, where.executedAt(), where.firstSlot());
        epoch = where.epoch();
        int replica = standby.replica();
        Variant from = platform.variantOf(replica);
        long retiredAt = System.nanoTime();
        platform.retire(replica);
        try {
            platform.attach(standby, keys);
        } catch (java.io.IOException | RuntimeException e) {
            // The epoch is in effect and the old incarnation is gone: the replica is one of the
            // r recovering until a standby takes over. Provision another at once.
            trouble("activating the standby for replica " + replica + " failed: " + e.getMessage());
            platform.discard(standby);
            return retryActivation(replica, issued, from, standby.variant(), where, retiredAt);
        }
        RefreshListener.Swap swap = recordSwap(where, replica, from, standby.variant(), retiredAt);
        log.info("epoch {}: replica {} swapped ({} -> {}), out of service {} ms", swap.epoch(), replica, from,
                swap.to(), swap.outOfServiceMillis());
        return swap;
    }

    /** Provisions and activates another standby with the same kit after an activation failed. */
    private RefreshListener.Swap retryActivation(int replica, EpochIssuer.Issued issued, Variant from,
            Variant failed, EpochChangeReply where, long retiredAt) {
        Variant last = failed;
        while (running.get()) {
            sleep(1000);
            // Drawn as the failed variant's successor: not the same one again.
            Variant variant = variants.next(replica, issued.epoch(), last);
            last = variant;
            try {
                Platform.Standby standby = platform.provision(replica, issued.epoch(), variant,
                        issued.rawPrivateKey(), issued.certificate());
                platform.attach(standby, keys);
                return recordSwap(where, replica, from, variant, retiredAt);
            } catch (java.io.IOException | RuntimeException e) {
                trouble("activating a replacement for replica " + replica + " failed again: " + e.getMessage());
            }
        }
        return null;
    }

    /** A standby took over {@code replica}'s identity now: counts the time out of service and tells the listener. */
    private RefreshListener.Swap recordSwap(EpochChangeReply where, int replica, Variant from, Variant to,
            long retiredAt) {
        RefreshListener.Swap swap = new RefreshListener.Swap(where.epoch(), replica, from, to, where.executedAt(),
                where.firstSlot(), retiredAt, (System.nanoTime() - retiredAt) / 1_000_000);
        maxOutOfServiceMillis = Math.max(maxOutOfServiceMillis, swap.outOfServiceMillis());
        listener.swapped(swap);
        return swap;
    }

    /** Waits until t + 1 replicas reinstated the refreshed replica, then counts the refresh as done. */
    private void awaitRecovery(RefreshListener.Swap swap) {
        long lastWarning = System.nanoTime();
        while (running.get()) {
            VotedProgress progress = poll();
            if (progress.reinstated(swap.replica(), swap.epoch())) {
                long millis = (System.nanoTime() - swap.retiredAtNanos()) / 1_000_000;
                maxRecoveryMillis = Math.max(maxRecoveryMillis, millis);
                completed++;
                prune(progress);
                RefreshListener.Recovery recovery = progress.reportOf(swap.replica())
                        .map(own -> new RefreshListener.Recovery(millis, own.stateBytes(),
                                own.lastStateTransferMillis()))
                        .orElse(new RefreshListener.Recovery(millis, -1, -1));
                log.info("epoch {}: replica {} recovered and rejoined {} ms after its predecessor was retired "
                        + "(it reports {} bytes of state fetched in {} ms)", swap.epoch(), swap.replica(), millis,
                        recovery.stateBytes(), recovery.stateTransferMillis());
                listener.recovered(swap, recovery);
                return;
            }
            if (System.nanoTime() - lastWarning > Math.max(settings.period().toNanos(), WARN_EVERY.toNanos())) {
                lastWarning = System.nanoTime();
                trouble("replica " + swap.replica() + " has not rejoined yet; the next refresh waits for it");
            }
            sleep(POLL_MILLIS);
        }
    }

    /** Drops incarnations no slot after the ensemble's stable checkpoint needs any more. */
    private void prune(VotedProgress progress) {
        OptionalLong stable = progress.atLeast(StatusReport::stableCheckpoint);
        if (stable.isPresent()) {
            keys = keys.prunedBefore(stable.getAsLong() + 1);
        }
    }

    private OptionalLong votedRequests() {
        return poll().atLeast(StatusReport::requestsExecuted);
    }

    /** Asks every replica for its status, waiting up to a second for the answers. */
    private VotedProgress poll() {
        List<CompletableFuture<StatusReport>> queries = new ArrayList<>();
        for (int id = 0; id < config.n(); id++) {
            queries.add(client.status(id, false));
        }
        List<StatusReport> reports = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (int id = 0; id < queries.size(); id++) {
            try {
                // The client completes a query only with the report of the replica it asked.
                reports.add(queries.get(id).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // down, recovering or silent: it does not vote
            }
        }
        return new VotedProgress(reports, config.quorums().vouch());
    }

    private void trouble(String what) {
        log.warn("controller: {}", what);
        listener.trouble(what);
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    /** Refreshes completed: swapped and recovered. */
    public int completed() {
        return completed;
    }

    public long epoch() {
        return epoch;
    }

    public ReplicaKeys keys() {
        return keys;
    }

    /** The longest from retiring a replica until its successor was reinstated, in ms. */
    public long maxRecoveryMillis() {
        return maxRecoveryMillis;
    }

    /** The longest from retiring a replica until its successor listened, in ms. */
    public long maxOutOfServiceMillis() {
        return maxOutOfServiceMillis;
    }

    /** Whether the controller stopped (by {@link #close} or after its last refresh). */
    public boolean isDone() {
        return !thread.isAlive();
    }

    /**
     * Stops the controller. Not by interrupting it: a swap under way (an epoch change being
     * ordered, an old incarnation retired) is finished first, up to a minute.
     */
    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(TimeUnit.MINUTES.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("controller: still finishing a swap after 3 minutes; leaving it to finish");
        } else if (ownsClient) {
            client.close();
        }
    }
}
