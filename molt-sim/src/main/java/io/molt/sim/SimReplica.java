package io.molt.sim;

import io.molt.core.config.ProtocolSettings;
import io.molt.core.crypto.Signer;
import io.molt.core.exec.ExecutionEngine;
import io.molt.core.crypto.Digest;
import io.molt.core.message.Batch;
import io.molt.core.message.Commit;
import io.molt.core.message.Prepare;
import io.molt.core.message.Propose;
import io.molt.core.message.Message;
import io.molt.core.message.Reply;
import io.molt.core.message.Request;
import io.molt.core.message.StatusQuery;
import io.molt.core.protocol.CoreStatus;
import io.molt.core.protocol.Effects;
import io.molt.core.protocol.Event;
import io.molt.core.protocol.Evidence;
import io.molt.core.protocol.MessageVerifier;
import io.molt.core.protocol.Notice;
import io.molt.core.protocol.ReplicaCore;
import io.molt.core.protocol.ReplicaKeys;
import io.molt.core.quorum.Quorums;
import io.molt.core.state.Snapshot;
import io.molt.core.state.SnapshotShelf;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * One replica in the simulator: the real core and the real execution engine, with the
 * network, the verification stage and the execution stage replaced by direct calls.
 */
final class SimReplica implements SimNetwork.ReplicaEnd, Effects {
    private record DeferredQuery(Request request, long minExecuted) {}

    private final int id;
    private final Quorums quorums;
    private final SimNetwork network;
    private final SimScheduler scheduler;
    private final Invariants invariants;
    private final ReplicaCore core;
    private final ExecutionEngine engine;
    /** The epoch whose change introduced this process's key (0: the ensemble's first keys). */
    private final long incarnation;
    private final VerifiedMessages verified;
    /** How this replica lies, or null when it is correct. */
    private final FaultPlan.Lie lie;
    private final Random random;
    private final List<DeferredQuery> deferred = new ArrayList<>();
    private final SnapshotShelf shelf = new SnapshotShelf();
    private final int chunkBytes;
    private final List<Evidence> evidence = new ArrayList<>();
    private static final io.molt.core.codec.MessageCodec FUZZ_CODEC =
            new io.molt.core.codec.MessageCodec(io.molt.core.codec.CodecLimits.DEFAULT);
    private final Signer signer;
    /** What survives this replica's crashes when it recovers (null: it loses everything). */
    private final SimDisk disk;
    private boolean dead;
    private long fuzzedDelivered;
    private long fuzzedRejected;
    private long installs;
    private long viewChanges;
    private long rejectedSignatures;
    private java.util.function.Consumer<String> trace = line -> { };

    SimReplica(int id, long incarnation, Quorums quorums, ProtocolSettings settings, Signer signer, ReplicaKeys keys,
            byte[] authorityKey, SimNetwork network, SimScheduler scheduler, Invariants invariants,
            VerifiedMessages verified, FaultPlan.Lie lie, Random random, SimDisk disk) {
        this.id = id;
        this.incarnation = incarnation;
        this.disk = disk;
        this.quorums = quorums;
        this.network = network;
        this.scheduler = scheduler;
        this.invariants = invariants;
        this.core = new ReplicaCore(id, quorums, settings, signer, keys, incarnation, authorityKey);
        this.engine = new ExecutionEngine(id, new SimService(), settings.clientWindow());
        this.chunkBytes = settings.snapshotChunkBytes();
        this.signer = signer;
        this.verified = verified;
        this.lie = lie;
        this.random = random;
    }

    /** Starts this incarnation from what the earlier ones left on its disk. */
    void recoverFromDisk() {
        io.molt.core.protocol.RecoveryPlan plan = disk.plan();
        core.recover(disk.snapshotAt(plan.base()), plan.decided(), disk.votes(), scheduler.now(), this);
    }

    /** This incarnation crashed: its pending timers and callbacks do nothing any more. */
    void kill() {
        dead = true;
    }

    boolean isDead() {
        return dead;
    }

    @Override
    public void fromReplica(int from, long senderIncarnation, Message m, java.nio.ByteBuffer frame) {
        if (dead) {
            return;
        }
        ReplicaKeys keys = core.keys();
        if (!verified.verify(m, frame, keys)) {
            rejectedSignatures++;
            return;
        }
        core.step(new Event.FromReplica(from, senderIncarnation, m, keys.version()), this);
    }

    @Override
    public void fromClient(long clientId, Message m) {
        if (dead) {
            return;
        }
        core.onClientMessage(clientId, m, this);
    }

    void tick() {
        if (dead) {
            return;
        }
        core.onTick(scheduler.now(), this);
    }

    // ------------------------------------------------------------ effects

    @Override
    public void send(int replica, Message message) {
        if (lie == FaultPlan.Lie.FUZZ) {
            fuzzTo(replica, message);
            return;
        }
        network.replicaToReplica(id, incarnation, replica, message);
    }

    @Override
    public void broadcast(Message message) {
        for (int r = 0; r < quorums.n(); r++) {
            if (r == id) {
                continue;
            }
            if (lie == FaultPlan.Lie.FUZZ) {
                fuzzTo(r, message);
            } else {
                network.replicaToReplica(id, incarnation, r, lie == null || r % 2 == 0 ? message : lieTo(message));
            }
        }
    }

    /**
     * Sends {@code m} or, half of the time, a mutation of its bytes if that still decodes (a
     * frame that does not is dropped by the receiver's codec, as on a real channel).
     */
    private void fuzzTo(int peer, Message m) {
        if (random.nextBoolean()) {
            network.replicaToReplica(id, incarnation, peer, m);
            return;
        }
        byte[] frame = FUZZ_CODEC.encode(m);
        for (int k = 1 + random.nextInt(3); k > 0 && frame.length > 2; k--) {
            frame = mutate(frame);
        }
        try {
            network.replicaToReplica(id, incarnation, peer, FUZZ_CODEC.decode(frame));
            fuzzedDelivered++;
        } catch (io.molt.core.codec.CodecException | IllegalArgumentException e) {
            fuzzedRejected++;
        }
    }

    private byte[] mutate(byte[] frame) {
        byte[] f = frame.clone();
        int at = 2 + random.nextInt(f.length - 2); // keep version and type: reach the bodies
        switch (random.nextInt(4)) {
            case 0 -> f[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> f[at] = (byte) random.nextInt(256);
            case 2 -> f = java.util.Arrays.copyOf(f, at);
            default -> {
                int len = Math.min(f.length - at, 1 + random.nextInt(8));
                byte[] longer = java.util.Arrays.copyOf(f, f.length + len);
                System.arraycopy(f, at, longer, at + len, f.length - at);
                f = longer;
            }
        }
        return f;
    }

    /** What a lying replica sends to half of its peers instead of the truth. */
    private Message lieTo(Message m) {
        if (lie == FaultPlan.Lie.EQUIVOCATE && m instanceof Propose p) {
            Batch b = p.batch();
            Batch other = b.requests().isEmpty()
                    ? Batch.create(b.slot(), b.view(), b.proposer(), List.of(),
                            List.of(new io.molt.core.message.RejoinRequest(id, 0, new byte[64])))
                    : Batch.create(b.slot(), b.view(), b.proposer(), b.requests().subList(0, b.requests().size() - 1),
                            b.rejoins());
            // Signed like the truth: the equivocation is provable.
            return new Propose(p.slot(), p.view(), other, signer.sign(io.molt.core.codec.SignedContent.proposal(
                    p.slot(), p.view(), id, other.digest())));
        }
        if (lie == FaultPlan.Lie.BAD_CHECKPOINT && m instanceof io.molt.core.message.Checkpoint c) {
            Digest wrong = randomDigest();
            return new io.molt.core.message.Checkpoint(c.slot(), id, wrong, signer.sign(
                    io.molt.core.codec.SignedContent.checkpoint(c.slot(), id, wrong)));
        }
        if (lie == FaultPlan.Lie.FALSE_VOTES && m instanceof Prepare p) {
            return new Prepare(p.slot(), p.view(), randomDigest());
        }
        if (lie == FaultPlan.Lie.FALSE_VOTES && m instanceof Commit c) {
            return new Commit(c.slot(), c.view(), randomDigest());
        }
        return m;
    }

    /** A lying replica's version of a snapshot manifest or chunk. */
    private Message corrupt(Message m) {
        if (m instanceof io.molt.core.message.SnapshotChunk c && c.data().length > 0) {
            byte[] bad = c.data().clone();
            bad[random.nextInt(bad.length)] ^= 1;
            return new io.molt.core.message.SnapshotChunk(c.slot(), c.index(), bad);
        }
        if (m instanceof io.molt.core.message.SnapshotManifest sm && random.nextBoolean()) {
            List<Digest> digests = new ArrayList<>(sm.chunkDigests());
            digests.set(0, randomDigest());
            return new io.molt.core.message.SnapshotManifest(sm.slot(), sm.totalBytes(), sm.chunkBytes(), digests);
        }
        return m;
    }

    private Digest randomDigest() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return Digest.sha256(b);
    }

    @Override
    public void propose(Propose unsigned) {
        Digest digest = unsigned.batch().digest();
        broadcast(unsigned.withSignature(signer.sign(io.molt.core.codec.SignedContent.proposal(unsigned.slot(),
                unsigned.view(), id, digest))));
    }

    @Override
    public void sendToClient(long clientId, Message message) {
        network.replicaToClient(id, clientId, message);
    }

    @Override
    public void deliver(long epoch, long slot, Batch batch) {
        if (invariants != null) {
            invariants.onDecide(id, slot, batch.digest(), scheduler.now());
        }
        trace.accept("t=" + scheduler.now() + " r" + id + " deliver " + slot + " " + batch);
        if (disk != null) {
            disk.decided(slot, batch);
        }
        List<Reply> replies = engine.execute(epoch, slot, batch);
        if (invariants != null) {
            invariants.onExecuted(id, slot, engine.executionDigest(), scheduler.now());
        }
        for (Reply r : replies) {
            network.replicaToClient(id, r.clientId(), r);
        }
        for (Iterator<DeferredQuery> it = deferred.iterator(); it.hasNext();) {
            DeferredQuery q = it.next();
            if (engine.lastExecuted() >= q.minExecuted) {
                it.remove();
                answer(q.request);
            }
        }
    }

    @Override
    public void checkpoint(long slot, byte[] protocolState) {
        Snapshot snapshot = engine.snapshot(protocolState, chunkBytes);
        shelf.put(snapshot);
        if (disk != null) {
            disk.snapshot(snapshot);
        }
        // Execution answers asynchronously, as the runtime's execution stage does.
        scheduler.after(1, () -> {
            if (!dead && !network.isDown(id)) {
                core.step(new Event.SnapshotTaken(slot, snapshot.digest()), this);
            }
        });
    }

    @Override
    public void install(Snapshot snapshot) {
        trace.accept("t=" + scheduler.now() + " r" + id + " install " + snapshot);
        engine.restore(snapshot);
        shelf.put(snapshot);
        if (disk != null) {
            disk.snapshot(snapshot);
        }
        installs++;
        if (invariants != null) {
            invariants.onInstalled(id, snapshot.slot(), engine.executionDigest());
        }
    }

    @Override
    public void serveState(int peer, Message request) {
        Message answer = shelf.answer(request);
        if (answer != null) {
            network.replicaToReplica(id, incarnation, peer, lie == FaultPlan.Lie.BAD_CHECKPOINT ? corrupt(answer) : answer);
        }
    }

    @Override
    public void persist(io.molt.core.protocol.VoteRecord record) {
        if (disk != null) {
            disk.persist(record);
        }
    }

    @Override
    public void evidence(Evidence e) {
        trace.accept("t=" + scheduler.now() + " r" + id + " EVIDENCE " + e);
        evidence.add(e);
    }

    @Override
    public void query(Request request, long minExecutedSlot) {
        if (engine.lastExecuted() >= minExecutedSlot) {
            answer(request);
        } else {
            deferred.add(new DeferredQuery(request, minExecutedSlot));
        }
    }

    private void answer(Request request) {
        network.replicaToClient(id, request.clientId(), engine.query(core.epoch(), request));
    }

    @Override
    public void resendReply(long clientId, long seq) {
        Reply cached = engine.cachedReply(clientId, seq);
        if (cached != null) {
            network.replicaToClient(id, clientId, cached);
        }
    }

    @Override
    public void status(long clientId, StatusQuery query, CoreStatus status) {
        // Status queries are an operator tool; the simulated clients do not send them.
    }

    @Override
    public void notice(Notice notice) {
        if (notice.kind() == Notice.Kind.VIEW_CHANGE) {
            viewChanges++;
        }
        trace.accept("t=" + scheduler.now() + " r" + id + " " + notice);
    }

    // ------------------------------------------------------------ inspection

    void traceTo(java.util.function.Consumer<String> sink) {
        this.trace = sink;
    }

    int id() {
        return id;
    }

    long lastExecuted() {
        return engine.lastExecuted();
    }

    Digest stateDigest() {
        return engine.stateDigest();
    }

    long viewChanges() {
        return viewChanges;
    }

    List<Evidence> evidence() {
        return evidence;
    }

    long installs() {
        return installs;
    }

    /** Mutated messages that still decoded and were delivered (a fuzzing replica's). */
    long fuzzedDelivered() {
        return fuzzedDelivered;
    }

    long stableCheckpoint() {
        return core.stableCheckpoint();
    }

    long incarnation() {
        return incarnation;
    }

    CoreStatus status() {
        return core.status();
    }

    /** The latest epoch this replica executed the change of. */
    long keysEpoch() {
        return core.keys().epochExecutedBy(core.decidedPrefix());
    }

    long rejectedSignatures() {
        return rejectedSignatures;
    }

    String describe() {
        return core.describe() + " executed=" + engine.lastExecuted();
    }
}
