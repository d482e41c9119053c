package io.molt.sim;

import io.molt.core.crypto.Digest;
import io.molt.core.crypto.Ed25519;
import io.molt.core.crypto.Signer;
import io.molt.core.protocol.ReplicaKeys;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Runs every replica of the pure core in one thread over a simulated network and clock,
 * under a scheduler driven by one seed. After every step the invariants hold (agreement,
 * identical execution digests); at the end every client operation has completed, the
 * results are consistent (each increment exactly once, reads linearizable), and replicas
 * that executed the same slots hold the same state. A failure names the seed, and
 * {@code new Simulation(seed).run()} replays it exactly.
 */
public final class Simulation {
    private static final long TICK_MILLIS = 10;

    private final long seed;
    private final Scenario scenario;
    private java.util.function.Consumer<String> trace;

    public Simulation(long seed) {
        this(seed, Scenario.random(seed));
    }

    public Simulation(long seed, Scenario scenario) {
        this.seed = seed;
        this.scenario = scenario;
    }

    /** Prints every notice and delivery of the run, for debugging a failing seed. */
    public Simulation trace(java.util.function.Consumer<String> sink) {
        this.trace = sink;
        return this;
    }

    /** What a run did, for reports. */
    public record Result(long seed, long steps, long slotsDecided, long messagesSent, long messagesDropped,
            long viewChanges, long simulatedMillis, long stateInstalls, long evidence, long stableCheckpoints,
            long fuzzedMessages, long diskRecoveries, long refreshes, long maxRefreshRecoveryMillis) {}

    public Result run() {
        try {
            return runUnchecked();
        } catch (InvariantViolation | IllegalStateException e) {
            throw new InvariantViolation("seed " + seed + " (" + scenario + "): " + e.getMessage()
                    + "\n  replay with -Dsim.seed=" + seed);
        } catch (RuntimeException e) {
            // A crash of the core or the engine is a bug like any broken invariant.
            InvariantViolation v = new InvariantViolation("seed " + seed + " (" + scenario + "): " + e
                    + "\n  replay with -Dsim.seed=" + seed);
            v.initCause(e);
            throw v;
        }
    }

    private Result runUnchecked() {
        Random random = new Random(seed);
        SimScheduler scheduler = new SimScheduler();
        FaultPlan faults = scenario.faults();
        SimNetwork network = new SimNetwork(scheduler, faults, random);
        Invariants invariants = new Invariants();
        int n = scenario.quorums().n();

        List<byte[]> publicKeys = new ArrayList<>();
        List<Signer> signers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] privateKey = Digest.sha256(ByteBuffer.allocate(12).putLong(seed).putInt(i).array()).toBytes();
            publicKeys.add(Ed25519.publicKeyOf(privateKey));
            signers.add(Ed25519.signer(privateKey));
        }
        ReplicaKeys initialKeys = ReplicaKeys.initial(publicKeys);
        byte[] authorityPrivate = SimController.authorityKey(seed);
        byte[] authority = Ed25519.publicKeyOf(authorityPrivate);
        // The current process of each replica: its key, incarnation and the keys it starts with.
        long[] incarnations = new long[n];
        ReplicaKeys[] startKeys = new ReplicaKeys[n];
        java.util.Arrays.fill(startKeys, initialKeys);
        Set<Integer> refreshedIds = new HashSet<>();

        VerifiedMessages verified = new VerifiedMessages();
        List<SimReplica> replicas = new ArrayList<>();
        List<SimDisk> disks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            disks.add(faults.recoveries().containsKey(i) ? new SimDisk() : null);
            SimReplica replica = new SimReplica(i, 0, scenario.quorums(), scenario.settings(), signers.get(i),
                    initialKeys, authority, network, scheduler, faults.isCorrect(i) ? invariants : null, verified,
                    faults.byzantine().get(i), new Random(random.nextLong()), disks.get(i));
            replicas.add(replica);
            if (trace != null) {
                replica.traceTo(trace);
            }
            network.attach(i, replica);
            scheduleTicks(scheduler, network, replica, random.nextInt((int) TICK_MILLIS));
        }
        for (Map.Entry<Integer, Long> crash : faults.crashes().entrySet()) {
            int id = crash.getKey();
            scheduler.at(crash.getValue(), () -> {
                network.crash(id);
                replicas.get(id).kill();
                if (disks.get(id) != null) {
                    disks.get(id).crash(random);
                }
            });
        }
        Incarnation incarnation = (id, replicaSeed, disk) -> new SimReplica(id, incarnations[id],
                scenario.quorums(), scenario.settings(), signers.get(id), startKeys[id], authority, network, scheduler,
                faults.isCorrect(id) || refreshedIds.contains(id) ? invariants : null, verified,
                refreshedIds.contains(id) ? null : faults.byzantine().get(id), new Random(replicaSeed), disk);
        for (Map.Entry<Integer, Long> restart : faults.restarts().entrySet()) {
            int id = restart.getKey();
            long replicaSeed = random.nextLong();
            // A new incarnation: same identity and keys, nothing else.
            scheduler.at(restart.getValue(), () -> {
                if (replicas.get(id).isDead()) { // a refresh may have replaced the crashed process already
                    startAgain(incarnation.apply(id, replicaSeed, null), replicas, network, scheduler, false);
                }
            });
        }
        for (Map.Entry<Integer, Long> recovery : faults.recoveries().entrySet()) {
            int id = recovery.getKey();
            long replicaSeed = random.nextLong();
            // A new incarnation that reads what the crashed one left on its disk first.
            scheduler.at(recovery.getValue(), () -> {
                if (replicas.get(id).isDead()) {
                    startAgain(incarnation.apply(id, replicaSeed, disks.get(id)), replicas, network, scheduler, true);
                }
            });
        }
        List<SimClient> clients = new ArrayList<>();
        for (int c = 0; c < scenario.clients(); c++) {
            SimClient client = new SimClient(100 + c, scenario.quorums(), network, scheduler, new Random(random.nextLong()),
                    scenario.operationsPerClient(), scenario.concurrency(), scenario.retryMillis(),
                    scenario.readShare());
            clients.add(client);
            network.attach(client.id(), client);
            scheduler.at(random.nextInt(50), client::start);
        }

        // Refreshed replicas not yet reinstated by t + 1 replicas, with the epoch of their refresh;
        // one leaves for good the first time t + 1 report it live (a later suspension is no refresh).
        Map<Integer, Long> recovering = new java.util.HashMap<>();
        Random lingering = new Random(random.nextLong());
        SimController.Platform platform = new SimController.Platform() {
            @Override
            public void swap(int id, long epoch, byte[] privateKey, ReplicaKeys keys) {
                SimReplica old = replicas.get(id);
                boolean compromised = !faults.isCorrect(id) && !refreshedIds.contains(id);
                if (!compromised || lingering.nextBoolean()) {
                    old.kill();
                } // else: the compromised process lives on with its retired key (a kill that failed, a stolen key)
                refreshedIds.add(id);
                incarnations[id] = epoch;
                startKeys[id] = keys;
                signers.set(id, Ed25519.signer(privateKey));
                if (disks.get(id) != null) {
                    disks.set(id, new SimDisk()); // never the old process's disk
                }
                if (trace != null) {
                    trace.accept("t=" + scheduler.now() + " CONTROLLER refreshes r" + id + " as incarnation " + epoch
                            + (old.isDead() ? "" : " (old process lingers)"));
                }
                startAgain(incarnation.apply(id, random.nextLong(), disks.get(id)), replicas, network, scheduler,
                        false);
                network.refreshed(id);
                recovering.put(id, epoch);
            }

            @Override
            public int reportingLive(int id, long epoch) {
                int count = 0;
                for (SimReplica r : replicas) {
                    if (r.isDead() || network.isDown(r.id())) {
                        continue;
                    }
                    io.molt.core.protocol.CoreStatus status = r.status();
                    if (r.keysEpoch() >= epoch && !status.suspended().contains(id)) {
                        count++;
                    }
                }
                if (count >= scenario.quorums().vouch()) {
                    recovering.remove(id);
                }
                return count;
            }

            @Override
            public int recovering() {
                return recovering.size();
            }
        };
        SimController controller = new SimController(seed, scenario.quorums(), network, scheduler, platform,
                authorityPrivate, initialKeys, scenario.refresh().count(), scenario.refresh().periodMillis());
        network.attach(SimController.CLIENT_ID, controller);
        controller.start(scenario.refresh().startMillis());

        while (!(allFinished(clients) && controller.done()) && scheduler.step(scenario.deadlineMillis())) {
            // every step runs one delivery or tick; the invariants check themselves on delivery
        }
        if (!allFinished(clients) || !controller.done()) {
            StringBuilder state = new StringBuilder();
            for (SimReplica r : replicas) {
                state.append("\n    ").append(r.describe()).append(network.isDown(r.id()) ? " (crashed)" : "");
            }
            for (SimClient c : clients) {
                state.append("\n    client ").append(c.id()).append(": ").append(c.history().size())
                        .append(" done, ").append(c.outstanding()).append(" outstanding");
            }
            state.append("\n    controller: ").append(controller.completed()).append(" of ")
                    .append(scenario.refresh().count()).append(" refreshes done");
            throw new InvariantViolation("liveness: clients or refreshes did not finish by t="
                    + scenario.deadlineMillis() + "ms although the network healed at t=" + faults.healAt() + "ms"
                    + state);
        }
        checkResults(clients);
        checkStates(replicas, network, faults, refreshedIds);
        long viewChanges = replicas.stream().mapToLong(SimReplica::viewChanges).sum();
        long installs = replicas.stream().mapToLong(SimReplica::installs).sum();
        long evidence = checkEvidence(replicas, faults);
        long stable = replicas.stream().mapToLong(SimReplica::stableCheckpoint).max().orElse(0);
        long fuzzed = replicas.stream().mapToLong(SimReplica::fuzzedDelivered).sum();
        return new Result(seed, scheduler.steps(), invariants.slotsDecided(), network.sent(), network.dropped(),
                viewChanges, scheduler.now(), installs, evidence, stable, fuzzed, faults.recoveries().size(),
                controller.completed(), controller.maxRecoveryMillis());
    }

    /**
     * Evidence held by correct replicas may only ever name faulty ones. A replica restarted
     * without state counts as faulty here: it may sign again, differently, what its earlier
     * incarnation signed. One that recovered from its own disk is correct and must not.
     */
    private static long checkEvidence(List<SimReplica> replicas, FaultPlan faults) {
        long count = 0;
        for (SimReplica r : replicas) {
            if (!faults.isCorrect(r.id())) {
                continue;
            }
            for (io.molt.core.protocol.Evidence e : r.evidence()) {
                if (faults.isCorrect(e.culprit()) && !faults.restarts().containsKey(e.culprit())) {
                    throw new InvariantViolation("evidence: correct replica " + r.id() + " blamed correct replica "
                            + e.culprit() + ": " + e);
                }
                count++;
            }
        }
        return count;
    }

    /** Makes a replica process anew: same identity and keys, its own randomness, a disk or none. */
    private interface Incarnation {
        SimReplica apply(int id, long replicaSeed, SimDisk disk);
    }

    private void startAgain(SimReplica fresh, List<SimReplica> replicas, SimNetwork network,
            SimScheduler scheduler, boolean fromDisk) {
        if (trace != null) {
            fresh.traceTo(trace);
        }
        replicas.set(fresh.id(), fresh);
        network.attach(fresh.id(), fresh);
        network.restart(fresh.id());
        if (fromDisk) {
            fresh.recoverFromDisk();
        }
        scheduleTicks(scheduler, network, fresh, 0);
    }

    private static void scheduleTicks(SimScheduler scheduler, SimNetwork network, SimReplica replica, long phase) {
        scheduler.after(phase + TICK_MILLIS, new Runnable() {
            @Override
            public void run() {
                if (!network.isDown(replica.id()) && !replica.isDead()) {
                    replica.tick();
                    scheduler.after(TICK_MILLIS, this);
                }
            }
        });
    }

    private static boolean allFinished(List<SimClient> clients) {
        for (SimClient c : clients) {
            if (!c.finished()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each increment happened exactly once (its result, the counter's new value, is unique),
     * and each read saw at least the increments that finished before it began and at most
     * those that began before it finished.
     */
    private static void checkResults(List<SimClient> clients) {
        List<SimClient.Completed> all = new ArrayList<>();
        clients.forEach(c -> all.addAll(c.history()));
        Set<Long> values = new HashSet<>();
        for (SimClient.Completed op : all) {
            if (op.increment() && !values.add(op.value())) {
                throw new InvariantViolation("exactly-once: two increments returned " + op.value());
            }
        }
        for (SimClient.Completed read : all) {
            if (read.increment()) {
                continue;
            }
            long finishedBefore = 0;
            long startedBefore = 0;
            for (SimClient.Completed op : all) {
                if (op.increment()) {
                    finishedBefore += op.completedAt() < read.invokedAt() ? 1 : 0;
                    startedBefore += op.invokedAt() <= read.completedAt() ? 1 : 0;
                }
            }
            if (read.value() < finishedBefore || read.value() > startedBefore) {
                throw new InvariantViolation("linearizability: a read in [" + read.invokedAt() + ", "
                        + read.completedAt() + "]ms returned " + read.value() + " but " + finishedBefore
                        + " increments had finished before it and " + startedBefore + " had started");
            }
        }
    }

    /** Correct replicas that executed the same number of slots hold identical states. */
    private static void checkStates(List<SimReplica> replicas, SimNetwork network, FaultPlan faults,
            Set<Integer> refreshed) {
        Map<Long, Digest> byExecuted = new java.util.HashMap<>();
        for (SimReplica r : replicas) {
            if (network.isDown(r.id()) || r.isDead() || !(faults.isCorrect(r.id()) || refreshed.contains(r.id()))) {
                continue;
            }
            Digest d = r.stateDigest();
            Digest other = byExecuted.putIfAbsent(r.lastExecuted(), d);
            if (other != null && !other.equals(d)) {
                throw new InvariantViolation("state: replicas at slot " + r.lastExecuted() + " hold different states");
            }
        }
    }
}
