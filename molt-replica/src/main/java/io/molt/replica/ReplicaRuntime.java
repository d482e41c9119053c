package io.molt.replica;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.MessageCodec;
import io.molt.core.codec.SignedContent;
import io.molt.core.crypto.Digest;
import io.molt.core.exec.ExecutionEngine;
import io.molt.core.id.PeerId;
import io.molt.core.message.Batch;
import io.molt.core.message.EpochChange;
import io.molt.core.message.KeyQuery;
import io.molt.core.message.KeyReport;
import io.molt.core.message.Message;
import io.molt.core.message.Propose;
import io.molt.core.message.Reply;
import io.molt.core.message.Request;
import io.molt.core.message.StatusQuery;
import io.molt.core.message.StatusReport;
import io.molt.core.protocol.CoreStatus;
import io.molt.core.protocol.Effects;
import io.molt.core.protocol.Event;
import io.molt.core.protocol.Evidence;
import io.molt.core.protocol.MessageVerifier;
import io.molt.core.protocol.Notice;
import io.molt.core.protocol.ReplicaCore;
import io.molt.core.protocol.ReplicaKeys;
import io.molt.core.protocol.VoteRecord;
import io.molt.replica.storage.ReplicaStorage;
import io.molt.core.crypto.Ed25519;
import io.molt.core.crypto.Ed25519Keys;
import io.molt.core.crypto.Signer;
import io.molt.core.crypto.VerifiedSignatures;
import io.molt.core.state.Snapshot;
import io.molt.core.state.SnapshotShelf;
import io.molt.net.FrameListener;
import io.molt.net.PeerAdmission;
import io.molt.net.PreparedTransport;
import io.molt.net.ReplicaTransport;
import io.molt.net.TransportStats;
import java.io.IOException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica process's stages around the pure core:
 * <pre>
 *   Netty event loops ──decode──► verification stage (signed messages, parallel) ──┐
 *                       └───────── unsigned messages ──────────────────────────────┴► core thread
 *   core thread ──sends──► transport;  ──deliveries, queries──► execution thread ──replies──► transport
 * </pre>
 * One thread drives the core, so the core needs no locks; the execution thread owns the
 * service; public-key work never runs on the core thread except signing its own (rare)
 * view-change states.
 */
public final class ReplicaRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaRuntime.class);
    private static final long TICK_MILLIS = 5;
    private static final int CORE_QUEUE = 1 << 18;
    private static final int DRAIN = 1024;
    /**
     * Read-only requests waiting for execution to reach the prefix they were asked at. More
     * are dropped unanswered: their clients time out and fall back to ordering, which is
     * better than letting a burst of queries grow this list without bound.
     */
    private static final int MAX_DEFERRED_QUERIES = 10_000;
    private static final int MAX_EVIDENCE_KEPT = 1024;

    private final ReplicaOptions options;
    private final String prefix;
    private final MessageCodec codec;
    private final ReplicaCore core;
    private final ExecutionEngine engine;
    private final BlockingQueue<Event> coreQueue = new ArrayBlockingQueue<>(CORE_QUEUE);
    private final BlockingQueue<ExecTask> execQueue = new LinkedBlockingQueue<>();
    private final ExecutorService verifyStage;
    private final NoticeLog notices;
    private final SnapshotShelf shelf = new SnapshotShelf();
    /** The most recent evidence records, newest last; what later issues hand to the controller. */
    private final java.util.Deque<Evidence> evidence = new java.util.ArrayDeque<>();
    private final AtomicLong evidenceCount = new AtomicLong();
    private final Thread coreThread;
    private final Thread execThread;
    private final long startNanos = System.nanoTime();
    private volatile boolean running = true;
    /**
     * Set once, right after binding; volatile because the event loops may deliver a client's
     * frame in between, and what is answered at the edge then goes unanswered (the client asks
     * again) instead of failing on a null.
     */
    private volatile ReplicaTransport transport;

    private final ClientRateLimiter clientRate;
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong malformedFrames = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private final AtomicLong droppedEvents = new AtomicLong();
    /**
     * Signatures the verification stage already checked: resent view-change states and the
     * states inside new-view messages cost a hash, not a verification (about 100 bytes each).
     */
    private final VerifiedSignatures verifiedSignatures = new VerifiedSignatures(1 << 15);
    private volatile long lastExecuted;
    private volatile long decidedPrefix;

    private final Misbehaviour misbehaviour;
    /** This replica's key, for the core's view changes and checkpoints and for proposals (all on the core thread). */
    private final Signer signer;
    /** Sends a slow replica holds back; null for a correct one. */
    private final java.util.concurrent.ScheduledExecutorService delayed;

    /** This replica's durable state, or null when it keeps none. */
    private final ReplicaStorage storage;
    /** What the previous incarnation left, until the core thread has recovered from it. */
    private ReplicaStorage.Recovered recovered;
    /**
     * With durability on, what a round of core events sends to peers waits here until the
     * round's journal records are synced (core thread only).
     */
    private final List<Runnable> heldUntilSync = new ArrayList<>();
    /** The keys (version) and the epoch in effect when connections were last admitted (core thread). */
    private long admittedUnderKeys;
    private long admittedInEpoch;

    private ReplicaRuntime(ReplicaOptions options, Misbehaviour.Mode mode) throws IOException {
        this.options = options;
        this.signer = signerFor(options.credentials().privateKey());
        this.misbehaviour = new Misbehaviour(mode, options.id(), signer);


        this.delayed = mode == Misbehaviour.Mode.SLOW
                ? java.util.concurrent.Executors.newSingleThreadScheduledExecutor(daemonFactory(options.id(), "slow"))
                : null;
        this.prefix = "r" + options.id() + "@e" + options.incarnation() + ": ";
        this.codec = new MessageCodec(options.codecLimits());
        this.clientRate = new ClientRateLimiter(options.clientMessagesPerSecond());
        this.core = new ReplicaCore(options.id(), options.quorums(), options.protocol(), signer,
                options.replicaKeys(), options.incarnation(), options.authorityKey());
        this.engine = new ExecutionEngine(options.id(), options.service(), options.protocol().clientWindow());
        this.notices = new NoticeLog(log, prefix);
        this.verifyStage = new ThreadPoolExecutor(options.verifierThreads(), options.verifierThreads(), 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(4096), daemon("verify"));
        this.coreThread = new Thread(this::runCore, "molt-r" + options.id() + "-core");
        this.execThread = new Thread(this::runExecution, "molt-r" + options.id() + "-exec");
        if (options.dataDir() != null) {
            this.storage = ReplicaStorage.open(options.dataDir(), codec, options.codecLimits().maxFrameBytes());
            this.recovered = storage.recover();
            recovered.warnings().forEach(w -> log.warn("{}{}", prefix, w));
            log.info("{}durable state in {}: {}", prefix, options.dataDir(), recovered.isEmpty() ? "empty"
                    : recovered.summary());
        } else {
            this.storage = null;
        }
    }

    /** Starts the replica: listens, dials its peers and begins processing. */
    public static ReplicaRuntime start(ReplicaOptions options) throws IOException {
        return start(options, Misbehaviour.Mode.NONE);
    }

    /**
     * Starts a replica that misbehaves on purpose (fault injection for demonstrations and
     * tests; see {@link Misbehaviour}).
     */
    public static ReplicaRuntime start(ReplicaOptions options, Misbehaviour.Mode mode) throws IOException {
        return start(options, mode, PreparedTransport.prepare(options.credentials(), options.transport()));
    }

    /**
     * Starts a replica on a transport prepared beforehand (a standby's, whose TLS contexts and
     * event loops were ready before it knew its key table): binds it, dials the peers and
     * begins processing. The transport must have been prepared with {@code options}'
     * credentials; it is closed if the replica cannot start.
     */
    public static ReplicaRuntime start(ReplicaOptions options, Misbehaviour.Mode mode, PreparedTransport transport)
            throws IOException {
        if (!transport.credentials().equals(options.credentials())) {
            transport.close();
            throw new IllegalArgumentException("the transport was prepared with other credentials than replica "
                    + options.id() + "'s");
        }
        ReplicaRuntime runtime;
        try {
            runtime = new ReplicaRuntime(options, mode);
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
        if (mode != Misbehaviour.Mode.NONE) {
            log.warn("{}FAULT INJECTION: this replica misbehaves on purpose ({})", runtime.prefix, mode.label());
        }
        try {
            runtime.transport = transport.bind(options.addresses().get(options.id()), runtime.new Inbound(),
                    runtime::admit);
        } catch (IOException | RuntimeException e) {
            runtime.releaseUnstarted();
            throw e;
        }
        try {
            runtime.coreThread.start();
            runtime.execThread.start();
            runtime.transport.connectToReplicas(options.addresses());
        } catch (RuntimeException | Error e) {
            runtime.close(); // the bound transport's threads would keep the process alive
            throw e;
        }
        log.info("{}replica started: n={} t={} r={} quorum={} window={}", runtime.prefix, options.quorums().n(),
                options.quorums().t(), options.quorums().r(), options.quorums().agreement(),
                options.protocol().window());
        return runtime;
    }

    private static Signer signerFor(PrivateKey key) {
        return Ed25519.signer(Ed25519Keys.rawPrivateKey(key));
    }

    private java.util.concurrent.ThreadFactory daemon(String stage) {
        return daemonFactory(options.id(), stage);
    }

    private static java.util.concurrent.ThreadFactory daemonFactory(int id, String stage) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, "molt-r" + id + "-" + stage + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ------------------------------------------------------------------ outbound

    private void toReplica(int replica, Message message, byte[] frame) {
        if (misbehaviour.mode() == Misbehaviour.Mode.NONE) {
            transport.queueToReplica(replica, frame);
            return;
        }
        if (misbehaviour.isSilent()) {
            return;
        }
        Message sent = misbehaviour.toReplica(replica, message);
        byte[] bytes = sent == message ? frame : codec.encode(sent);
        long delay = misbehaviour.delayOf(sent);
        if (delay > 0) {
            delayed.schedule(() -> transport.sendToReplica(replica, bytes), delay, TimeUnit.MILLISECONDS);
        } else {
            transport.queueToReplica(replica, bytes);
        }
    }

    private void toClient(long clientId, Message message) {
        if (misbehaviour.isSilent()) {
            return;
        }
        Message sent = message instanceof Reply r ? misbehaviour.toClient(r) : message;
        transport.queueToClient(clientId, codec.encode(sent));
    }

    // ------------------------------------------------------------------ inbound

    /**
     * Which incarnation of a peer a certificate belongs to, as this replica's keys say now
     * (event loops; reads only published state). A replica's certificate counts only while
     * its key speaks for the next slot this replica decides, or for a later one (a refreshed
     * replica's new key is accepted once the epoch change is executed here, its old key
     * refused once its last slot is decided here).
     */
    private PeerAdmission.Admission admit(PeerId peer, java.security.cert.X509Certificate certificate) {
        if (!(peer instanceof PeerId.Replica replica)) {
            return PeerAdmission.Admission.incarnation(0);
        }
        ReplicaKeys keys = core.keys();
        byte[] key;
        try {
            key = Ed25519Keys.rawPublicKey(certificate.getPublicKey());
        } catch (IllegalArgumentException e) {
            return PeerAdmission.Admission.refused("not an Ed25519 key");
        }
        long incarnation = keys.incarnationOf(replica.id(), key);
        if (incarnation < 0) {
            return PeerAdmission.Admission.refused("its key is not one of " + replica + "'s keys known here (epoch "
                    + keys.latestEpoch() + ")");
        }
        long lastSlot = keys.lastSlotOf(replica.id(), incarnation);
        if (lastSlot <= decidedPrefix) {
            return PeerAdmission.Admission.refused("its key (incarnation " + incarnation + ") was retired after slot "
                    + lastSlot);
        }
        return PeerAdmission.Admission.incarnation(incarnation);
    }

    /** Runs on Netty event loops: decode, then verify or enqueue. Never blocks. */
    private final class Inbound implements FrameListener {
        @Override
        public void onFrame(PeerId from, byte[] frame) {
            onFrame(from, 0, frame);
        }

        @Override
        public void onFrame(PeerId from, long incarnation, byte[] frame) {
            Message m;
            try {
                m = codec.decode(frame);
            } catch (CodecException e) {
                if (malformedFrames.incrementAndGet() % 1000 == 1) {
                    log.warn("{}dropped a malformed frame from {}: {} ({} so far)", prefix, from, e.getMessage(),
                            malformedFrames.get());
                }
                return;
            }
            if (from instanceof PeerId.Replica r) {
                if (MessageVerifier.carriesSignatures(m)) {
                    try {
                        verifyStage.execute(() -> verifyThenEnqueue(r.id(), incarnation, m));
                    } catch (RejectedExecutionException e) {
                        droppedEvents.incrementAndGet();
                    }
                } else {
                    enqueue(new Event.FromReplica(r.id(), incarnation, m, Event.FromReplica.UNVERIFIED));
                }
            } else if (from instanceof PeerId.Client c) {
                if (m instanceof EpochChange change && change.notAfterMillis() < System.currentTimeMillis()) {
                    refuseExpired(c.id(), change);
                    return;
                }
                switch (clientRate.admit(c.id(), System.nanoTime())) {
                    case ACCEPT -> {
                        if (m instanceof KeyQuery query) {
                            answerKeyQuery(c.id(), query);
                        } else {
                            enqueue(new Event.FromClient(c.id(), m));
                        }
                    }
                    case DROP -> rateLimited.incrementAndGet();
                    case DROP_AND_TELL -> {
                        rateLimited.incrementAndGet();
                        tellTooFast(c.id(), m);
                    }
                }
            }
        }
    }

    /** Answers a request dropped for its client's rate with BUSY, so the client knows why. */
    private void tellTooFast(long clientId, Message m) {
        log.warn("{}client {} exceeds {} messages per second; dropping the excess ({} so far)", prefix, clientId,
                options.clientMessagesPerSecond(), rateLimited.get());
        if (m instanceof Request r && r.clientId() == clientId) {
            refuseAtTheEdge(clientId, r.seq(), io.molt.core.message.ReplyStatus.BUSY, "client " + clientId
                    + " exceeds " + options.clientMessagesPerSecond() + " messages per second at replica "
                    + options.id());
        }
    }

    /** Answers a client from the event loop, for what is refused before the core sees it. */
    private void refuseAtTheEdge(long clientId, long seq, io.molt.core.message.ReplyStatus status, String why) {
        ReplicaTransport bound = transport;
        if (bound == null) {
            return;
        }
        long epoch = core.keys().epochAt(decidedPrefix + 1);
        bound.sendToClient(clientId, codec.encode(new Reply(options.id(), clientId, seq, epoch, 0, status,
                why.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /**
     * Tells a client which key speaks for each replica, from the key table the core published
     * and the prefix it decided (event loop; the core is not involved). Clients adopt what
     * {@code t + 1} replicas report alike.
     */
    private void answerKeyQuery(long clientId, KeyQuery query) {
        ReplicaTransport bound = transport;
        if (bound == null) {
            return;
        }
        ReplicaKeys keys = core.keys();
        long decided = decidedPrefix;
        bound.sendToClient(clientId, codec.encode(new KeyReport(options.id(), query.nonce(),
                keys.epochExecutedBy(decided), keys.currentKeys(decided))));
    }

    /** An epoch change past its validity is refused where it arrives: the core has no wall clock. */
    private void refuseExpired(long clientId, EpochChange change) {
        log.warn("{}client {} sent an expired epoch change for epoch {} (valid until {})", prefix, clientId,
                change.epoch(), java.time.Instant.ofEpochMilli(change.notAfterMillis()));
        refuseAtTheEdge(clientId, change.epoch(), io.molt.core.message.ReplyStatus.REJECTED, "epoch change "
                + change.epoch() + " expired at " + java.time.Instant.ofEpochMilli(change.notAfterMillis()));
    }

    private void verifyThenEnqueue(int from, long incarnation, Message m) {
        ReplicaKeys keys = core.keys();
        if (MessageVerifier.verify(m, keys.remembering(verifiedSignatures))) {
            enqueue(new Event.FromReplica(from, incarnation, m, keys.version()));
        } else if (badSignatures.incrementAndGet() % 100 == 1) {
            log.warn("{}dropped {} from replica {} with an invalid signature ({} so far)", prefix, m.type(), from,
                    badSignatures.get());
        }
    }

    /** Events from this replica's own stages are never dropped: wait for room instead. */
    private void putLocal(Event event) {
        try {
            coreQueue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Event event) {
        if (!coreQueue.offer(event)) {
            droppedEvents.incrementAndGet();
        }
    }

    // ------------------------------------------------------------------ core thread

    private long nowMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void runCore() {
        Effects effects = new CoreEffects();
        List<Event> batch = new ArrayList<>(DRAIN);
        long lastTick = -TICK_MILLIS;
        if (recovered != null && !recovered.isEmpty()) {
            try {
                core.recover(recovered.snapshot(), recovered.decided(), recovered.votes(), nowMillis(), effects);
                endRound();
            } catch (RuntimeException e) {
                log.error("{}cannot recover from {}; stopping this replica", prefix, options.dataDir(), e);
                running = false;
                return;
            } finally {
                recovered = null;
            }
        }
        while (running) {
            try {
                Event first = coreQueue.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    core.step(first, effects);
                    coreQueue.drainTo(batch, DRAIN);
                    for (Event e : batch) {
                        core.step(e, effects);
                    }
                    batch.clear();
                }
                long now = nowMillis();
                if (now - lastTick >= TICK_MILLIS) {
                    lastTick = now;
                    core.onTick(now, effects);
                }
                endRound();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // A bug in the core (or no memory left) must not silently stop the replica;
                // it is loud and fatal, and the process exits.
                log.error("{}protocol core failed; stopping this replica", prefix, e);
                running = false;
            }
        }
    }

    /**
     * Ends a round of core events: with durability on, syncs the round's journal records,
     * then lets its held messages to peers go; everything goes out in one write per peer.
     */
    private void endRound() {
        if (storage != null) {
            storage.sync();
            for (Runnable r : heldUntilSync) {
                r.run();
            }
            heldUntilSync.clear();
            storage.compactIfSnapshotWritten(core::openVoteRecords);
        }
        transport.flush();
        decidedPrefix = core.decidedPrefix();
        readmitPeersIfKeysMoved();
    }

    /**
     * When an epoch change was executed, or the decided prefix passed the last slot of a
     * retired key, connections are admitted again: a retired key's are closed.
     */
    private void readmitPeersIfKeysMoved() {
        ReplicaKeys keys = core.keys();
        long epochNow = keys.epochAt(decidedPrefix + 1);
        if (keys.version() != admittedUnderKeys || epochNow != admittedInEpoch) {
            admittedUnderKeys = keys.version();
            admittedInEpoch = epochNow;
            int closed = transport.readmitPeers();
            if (closed > 0) {
                log.info("{}epoch {} in effect from slot {}: closed {} connections of retired keys", prefix, epochNow,
                        keys.latestEpochStart(), closed);
            }
        }
    }

    /** Runs {@code action} now, or after the round's sync when durable. */
    private void afterSync(Runnable action) {
        if (storage == null) {
            action.run();
        } else {
            heldUntilSync.add(action);
        }
    }

    /** The core's effects, carried out on the core thread. */
    private final class CoreEffects implements Effects {
        @Override
        public void send(int replica, Message message) {
            byte[] frame = codec.encode(message);
            afterSync(() -> toReplica(replica, message, frame));
        }

        @Override
        public void broadcast(Message message) {
            byte[] frame = codec.encode(message);
            afterSync(() -> {
                for (int r = 0; r < options.quorums().n(); r++) {
                    if (r != options.id()) {
                        toReplica(r, message, frame);
                    }
                }
            });
        }

        @Override
        public void propose(Propose unsigned) {
            if (options.quorums().n() == 1) {
                return; // no peer to send it to, nobody to convince
            }
            // On the core thread: measured faster here than on a thread of its own, whose
            // hand-offs cost more than the signature (about 60 µs) on a busy machine.
            Digest digest = unsigned.batch().digest();
            broadcast(unsigned.withSignature(signer.sign(
                    SignedContent.proposal(unsigned.slot(), unsigned.view(), options.id(), digest))));
        }

        @Override
        public void sendToClient(long clientId, Message message) {
            toClient(clientId, message);
        }

        @Override
        public void deliver(long epoch, long slot, Batch batch) {
            if (storage != null) {
                storage.decided(slot, batch);
            }
            // Not held for the sync: a delivered batch was committed by a quorum, each of
            // which synced its commit record before sending its commit, so the decision
            // survives any crash without this replica's decided record.
            execQueue.add(new ExecTask.Deliver(epoch, slot, batch));
        }

        @Override
        public void persist(VoteRecord record) {
            if (storage != null) {
                storage.persist(record);
            }
        }

        @Override
        public void query(Request request, long minExecutedSlot) {
            execQueue.add(new ExecTask.Query(request, minExecutedSlot));
        }

        @Override
        public void resendReply(long clientId, long seq) {
            execQueue.add(new ExecTask.Resend(clientId, seq));
        }

        @Override
        public void status(long clientId, StatusQuery query, CoreStatus status) {
            execQueue.add(new ExecTask.Status(clientId, query, status));
        }

        @Override
        public void checkpoint(long slot, byte[] protocolState) {
            execQueue.add(new ExecTask.Checkpoint(slot, protocolState));
        }

        @Override
        public void install(Snapshot snapshot) {
            execQueue.add(new ExecTask.Install(snapshot));
        }

        @Override
        public void serveState(int peer, Message request) {
            Message answer = shelf.answer(request);
            if (answer != null) {
                toReplica(peer, answer, codec.encode(answer));
            }
        }

        @Override
        public void notice(Notice notice) {
            notices.log(notice, nowMillis());
        }

        @Override
        public void evidence(Evidence e) {
            evidenceCount.incrementAndGet();
            log.warn("{}EVIDENCE {} ({} signed messages kept)", prefix, e, e.proof().size());
            synchronized (evidence) {
                evidence.addLast(e);
                if (evidence.size() > MAX_EVIDENCE_KEPT) {
                    evidence.removeFirst();
                }
            }
        }
    }

    // ------------------------------------------------------------------ execution thread

    private void runExecution() {
        List<ExecTask.Query> deferred = new ArrayList<>();
        List<ExecTask> tasks = new ArrayList<>(DRAIN);
        while (running || !execQueue.isEmpty()) {
            try {
                ExecTask first = execQueue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                tasks.add(first);
                execQueue.drainTo(tasks, DRAIN - 1);
                for (ExecTask task : tasks) {
                    execute(task, deferred);
                }
                tasks.clear();
                transport.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("{}execution failed; stopping this replica", prefix, e);
                running = false;
                return;
            }
        }
    }

    private void execute(ExecTask task, List<ExecTask.Query> deferred) {
        if (task instanceof ExecTask.Deliver d) {
            for (Reply reply : engine.execute(d.epoch(), d.slot(), d.batch())) {
                toClient(reply.clientId(), reply);
            }
            lastExecuted = engine.lastExecuted();
            for (Iterator<ExecTask.Query> it = deferred.iterator(); it.hasNext();) {
                ExecTask.Query q = it.next();
                if (engine.lastExecuted() >= q.minExecutedSlot()) {
                    it.remove();
                    answer(q.request());
                }
            }
        } else if (task instanceof ExecTask.Checkpoint c) {
            Snapshot snapshot = engine.snapshot(c.protocolState(), options.protocol().snapshotChunkBytes());
            shelf.put(snapshot);
            if (storage != null) {
                storage.snapshotTaken(snapshot);
            }
            putLocal(new Event.SnapshotTaken(c.slot(), snapshot.digest()));
        } else if (task instanceof ExecTask.Install i) {
            engine.restore(i.snapshot());
            shelf.put(i.snapshot());
            if (storage != null) {
                storage.snapshotTaken(i.snapshot());
            }
            lastExecuted = engine.lastExecuted();
            log.info("{}installed the snapshot of slot {} ({} bytes)", prefix, i.snapshot().slot(),
                    i.snapshot().totalBytes());
        } else if (task instanceof ExecTask.Query q) {
            if (engine.lastExecuted() >= q.minExecutedSlot()) {
                answer(q.request());
            } else if (deferred.size() < MAX_DEFERRED_QUERIES) {
                deferred.add(q);
            }
        } else if (task instanceof ExecTask.Resend r) {
            Reply cached = engine.cachedReply(r.clientId(), r.seq());
            if (cached != null) {
                toClient(r.clientId(), cached);
            }
        } else if (task instanceof ExecTask.Status s) {
            Digest digest = s.query().includeStateDigest() ? engine.stateDigest() : Digest.ZERO;
            CoreStatus c = s.core();
            toClient(s.clientId(), (new StatusReport(options.id(), s.query().nonce(),
                    c.epoch(), c.decidedPrefix(), engine.lastExecuted(), digest, c.suspended(), c.viewChanges(),
                    c.stableCheckpoint(), c.evidence(), engine.requestsExecuted(), c.stateTransfers(), c.stateBytes(),
                    c.lastStateTransferMillis())));
        }
    }

    private void answer(Request request) {
        toClient(request.clientId(), engine.query(core.keys().epochAt(lastExecuted + 1), request));
    }

    // ------------------------------------------------------------------ inspection and shutdown

    public int id() {
        return options.id();
    }

    public long lastExecuted() {
        return lastExecuted;
    }

    public long decidedPrefix() {
        return decidedPrefix;
    }

    /** Evidence records produced since start. */
    public long evidenceCount() {
        return evidenceCount.get();
    }

    /** The most recent evidence records (at most {@value #MAX_EVIDENCE_KEPT}), oldest first. */
    public List<Evidence> evidence() {
        synchronized (evidence) {
            return List.copyOf(evidence);
        }
    }

    /** False once a stage failed; the process should exit. */
    public boolean isHealthy() {
        return running;
    }

    public TransportStats transportStats() {
        return transport.stats();
    }

    public String describe() {
        return prefix + (storage == null ? "" : storage.describe() + " ") + "decided=" + decidedPrefix
                + " executed=" + lastExecuted + " evidence=" + evidenceCount.get()
                + " malformed=" + malformedFrames.get() + " rateLimited=" + rateLimited.get()
                + " badSignatures=" + badSignatures.get() + " dropped=" + droppedEvents.get() + " " + transport.stats();
    }

    /** Lets go of what the constructor took, for a runtime whose threads never started. */
    private void releaseUnstarted() {
        running = false;
        verifyStage.shutdownNow();
        if (delayed != null) {
            delayed.shutdownNow();
        }
        if (storage != null) {
            storage.close();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            coreThread.join(2000);
            execThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        verifyStage.shutdownNow();
        if (delayed != null) {
            delayed.shutdownNow();
        }
        if (transport != null) {
            transport.close();
        }
        if (storage != null) {
            storage.close();
        }
        log.info("{}replica stopped: {}", prefix, describe());
    }
}
