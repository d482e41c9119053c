package io.molt.core.protocol;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.SignedContent;
import io.molt.core.codec.WireReader;
import io.molt.core.codec.WireWriter;
import io.molt.core.config.ProtocolSettings;
import io.molt.core.crypto.Digest;
import io.molt.core.crypto.ReplicaKeyRing;
import io.molt.core.crypto.SignatureVerifier;
import io.molt.core.crypto.Signer;
import io.molt.core.message.Batch;
import io.molt.core.message.Checkpoint;
import io.molt.core.message.ChunkRequest;
import io.molt.core.message.Commit;
import io.molt.core.message.Decided;
import io.molt.core.message.EpochChange;
import io.molt.core.message.EpochChangeReply;
import io.molt.core.message.DecisionQuery;
import io.molt.core.message.ManifestRequest;
import io.molt.core.message.Message;
import io.molt.core.message.NewView;
import io.molt.core.message.Prepare;
import io.molt.core.message.Propose;
import io.molt.core.message.RejoinRequest;
import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import io.molt.core.message.Request;
import io.molt.core.message.SnapshotChunk;
import io.molt.core.message.SnapshotManifest;
import io.molt.core.message.StatusQuery;
import io.molt.core.message.ViewState;
import io.molt.core.protocol.ClientWindows.Standing;
import io.molt.core.protocol.Notice.Kind;
import io.molt.core.protocol.ViewChangeRules.Bound;
import io.molt.core.protocol.ViewChangeRules.Outcome;
import io.molt.core.protocol.ViewChangeRules.Selection;
import io.molt.core.protocol.ViewChangeRules.Unbound;
import io.molt.core.quorum.Quorums;
import io.molt.core.state.Snapshot;
import io.molt.core.state.StateImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The agreement protocol of one replica as a pure state machine: {@link #step} takes an
 * event and emits effects. No threads, clocks, sockets or files: time arrives in
 * {@link Event.Tick}, randomness is not needed, and the same events in the same order
 * always produce the same effects. docs/PROTOCOL.md describes the protocol; the comments
 * here say how the code maps to it.
 *
 * <p>Slots are decided independently and in parallel (up to {@code window} of them ahead
 * of the decided prefix), each by its own instance of Byzantine consensus whose view 0 is
 * led by the slot's proposer in the rotating schedule, and whose later views are led by
 * the next proposers in turn. Decided batches are delivered in slot order.
 *
 * <p>Not thread-safe: one thread drives it.
 */
public final class ReplicaCore {
    /** Most entries a view state reports from its write set (newest first). */
    static final int MAX_WRITE_SET = 16;
    /** Votes for views further ahead than this are ignored (bounds memory per slot). */
    private static final int MAX_VIEW_AHEAD = 64;
    private static final int MAX_TIMEOUT_SHIFT = 6;
    /** Base timeouts between probes of a replica whose decided prefix does not move. */
    private static final int IDLE_PROBE_TIMEOUTS = 4;
    /** Base timeouts without progress after which a certified checkpoint ahead is fetched. */
    private static final int STUCK_TIMEOUTS = 8;
    /** Snapshot answers one peer may get per base timeout (see mayServeState). */
    private static final int STATE_ANSWERS_PER_TIMEOUT = 64;
    /** Bytes of messages beyond the window kept per peer. */
    private static final long FUTURE_BYTES_PER_PEER = 64L << 20;

    private final int me;
    private final Quorums quorums;
    private final ProtocolSettings settings;
    private final Signer signer;
    /**
     * Which key speaks for each replica at each slot, and the epochs; replaced when an
     * epoch change is executed, and read by the stage that checks signatures off this thread.
     */
    private volatile ReplicaKeys keys;
    /** The current keys as a verifier, for the helpers that check signatures on this thread. */
    private final SignatureVerifier currentKeys = (id, slot, data, signature) -> keys.verify(id, slot, data, signature);
    /** The controller's raw public key, which signs epoch changes; null when there is no controller. */
    private final byte[] authorityKey;
    /** The epoch whose change introduced this replica's key (0: the ensemble's first keys). */
    private final long incarnation;
    /** The slots this incarnation speaks for (none until its epoch change is known here). */
    private long ownFirstSlot;
    private long ownLastSlot;
    /** The next epoch change, as the controller handed it to this replica, until it is executed. */
    private EpochChange pendingEpochChange;
    /** The slot of this replica's proposal that carries it, or -1 when none does. */
    private long epochChangeProposedIn = -1;
    /** Clients (the controller) to tell when an epoch takes effect, by epoch. */
    private final TreeMap<Long, Set<Long>> epochWatchers = new TreeMap<>();
    /** The replica message being handled: what is held when its slot is beyond the window. */
    private Event.FromReplica handling;
    private final int window;
    /** Delivered slots whose agreement state is kept, to keep voting for peers behind us. */
    private final int retainedSlots;

    private final ProposerSchedule schedule;
    private final RequestPool pool;
    private final ClientWindows ordered;
    private final TreeMap<Long, SlotState> slots = new TreeMap<>();
    private final TreeMap<Long, Batch> decisionLog = new TreeMap<>();
    private final FutureBuffer future;
    private final CheckpointVotes checkpoints;
    private final ProposalEvidence proposalEvidence;
    private final ViewZeroPace viewZeroPace;
    /** The state fetch in progress, or null. Deliveries wait while it runs. */
    private StateFetch fetch;
    private long evidenceCount;
    /**
     * Replicas (bit mask) this replica already holds evidence against: one record per culprit
     * is enough to act on, and not checking signatures again keeps a faulty replica from
     * spending this one's time.
     */
    private long provenFaulty;
    /** This replica's latest signed checkpoint statement, shown to peers that fell behind. */
    private Checkpoint ownLatestCheckpoint;
    /** Requests that parked proposals wait for, and the slots waiting on each. */
    private final Map<RequestKey, Set<Long>> parkedOn = new HashMap<>();
    private final Map<Integer, RejoinRequest> pendingRejoins = new LinkedHashMap<>();
    private final TreeSet<Long> ownOpenProposals = new TreeSet<>();
    /** Slots whose votes changed during the current step, to be persisted at its end. */
    private final List<SlotState> changedVotes = new ArrayList<>();
    private final long[] peerHigh;
    private final long[] lastQueryServed;
    private final long[] stateServeWindowStart;
    private final int[] stateAnswers;
    private final long[] leaderCacheSlot;
    private final int[] leaderCache;

    private long decidedPrefix;
    private long now;
    private long highestActiveSlot;
    private long highestCommitSent;
    private long viewChanges;
    /** State transfers completed, their bytes, and the duration of the latest (for status reports). */
    private long stateTransfers;
    private long stateBytes;
    private long lastStateTransferMillis;
    private long lastCatchUpAt = Long.MIN_VALUE / 2;
    private long lastProbeAt = Long.MIN_VALUE / 2;
    private long prefixAtLastProbe = -1;
    private long lastRejoinAt = Long.MIN_VALUE / 2;
    /** When the decided prefix last moved (or this replica started). */
    private long prefixMovedAt;

    /** A replica of an ensemble without a controller: its first keys, forever. */
    public ReplicaCore(int me, Quorums quorums, ProtocolSettings settings, Signer signer, ReplicaKeyRing keys) {
        this(me, quorums, settings, signer, ReplicaKeys.initial(keys.keys()), 0, null);
    }

    /**
     * A replica whose key was introduced by epoch {@code incarnation}'s change (0 for the
     * keys the ensemble started with), in an ensemble whose controller signs epoch changes
     * with {@code authorityKey} (raw Ed25519; null: epoch changes are refused).
     */
    public ReplicaCore(int me, Quorums quorums, ProtocolSettings settings, Signer signer, ReplicaKeys keys,
            long incarnation, byte[] authorityKey) {
        if (!quorums.isReplica(me)) {
            throw new IllegalArgumentException("replica id " + me + " is not in 0.." + (quorums.n() - 1));
        }
        if (quorums.n() > 64) {
            throw new IllegalArgumentException("at most 64 replicas are supported, not " + quorums.n());
        }
        this.me = me;
        this.quorums = quorums;
        this.settings = settings;
        this.signer = signer;
        if (keys.replicas() != quorums.n()) {
            throw new IllegalArgumentException(keys.replicas() + " replica keys for " + quorums.n() + " replicas");
        }
        this.keys = keys;
        this.incarnation = incarnation;
        this.authorityKey = authorityKey == null ? null : authorityKey.clone();
        this.window = settings.window();
        this.retainedSlots = 2 * window;
        this.schedule = new ProposerSchedule(quorums, window, settings.rejoinBackoffSlots());
        this.pool = new RequestPool(settings.poolMaxRequests(), settings.clientWindow(), schedule.latestActive());
        this.ordered = new ClientWindows(settings.clientWindow());
        // A correct peer sends at most a few messages per slot ahead of us.
        this.future = new FutureBuffer(quorums.n(), 8 * window, FUTURE_BYTES_PER_PEER);
        this.checkpoints = new CheckpointVotes(quorums);
        this.proposalEvidence = new ProposalEvidence(currentKeys);
        this.viewZeroPace = new ViewZeroPace(settings.viewChangeTimeoutMillis());
        this.peerHigh = new long[quorums.n()];
        this.lastQueryServed = new long[quorums.n()];
        Arrays.fill(lastQueryServed, Long.MIN_VALUE / 2);
        this.stateServeWindowStart = new long[quorums.n()];
        this.stateAnswers = new int[quorums.n()];
        this.leaderCacheSlot = new long[4 * window];
        Arrays.fill(leaderCacheSlot, -1);
        this.leaderCache = new int[4 * window];
        ownSlotsChanged();
    }

    // ---------------------------------------------------------------- events

    public void step(Event event, Effects out) {
        if (event instanceof Event.FromReplica r) {
            handleReplicaMessage(r, out);
        } else if (event instanceof Event.FromClient c) {
            handleClientMessage(c.clientId(), c.message(), out);
        } else if (event instanceof Event.Tick t) {
            handleTick(t.nowMillis(), out);
        } else if (event instanceof Event.SnapshotTaken taken) {
            onSnapshotTaken(taken.slot(), taken.digest(), out);
        }
        persistChangedVotes(out);
    }

    public void onReplicaMessage(int from, Message m, Effects out) {
        handleReplicaMessage(new Event.FromReplica(from, m), out);
        persistChangedVotes(out);
    }

    public void onClientMessage(long clientId, Message m, Effects out) {
        handleClientMessage(clientId, m, out);
        persistChangedVotes(out);
    }

    public void onTick(long nowMillis, Effects out) {
        handleTick(nowMillis, out);
        persistChangedVotes(out);
    }

    private void handleReplicaMessage(Event.FromReplica event, Effects out) {
        int from = event.from();
        Message m = event.message();
        if (!quorums.isReplica(from) || from == me) {
            out.notice(new Notice(Kind.INVALID_MESSAGE, -1, from, "message from a non-peer"));
            return;
        }
        if (event.keysVersion() != keys.version() && MessageVerifier.carriesSignatures(m)
                && !MessageVerifier.verify(m, currentKeys)) {
            // Checked against other keys than ours (an epoch change happened in between).
            out.notice(new Notice(Kind.INVALID_MESSAGE, -1, from, m.type() + " with a signature the keys of its"
                    + " slot do not confirm"));
            return;
        }
        long about = slotOf(m);
        if (about >= 0 && keys.incarnationAt(from, about) != event.incarnation()) {
            // A retired key voting about its successor's slots, or a new one about its
            // predecessor's: neither counts (docs/PROTOCOL.md, "Epochs and refresh").
            out.notice(new Notice(Kind.INVALID_MESSAGE, about, from, m.type() + " from incarnation "
                    + event.incarnation() + ", but incarnation " + keys.incarnationAt(from, about)
                    + " speaks for that slot"));
            return;
        }
        if (about < 0 && !MessageVerifier.carriesSignatures(m) && event.incarnation() != keys.latestIncarnation(from)) {
            // Anything but a vote or a signed statement (reports of decisions, queries, state
            // transfer, rejoin requests) speaks for the replica as it is now: only its current
            // incarnation may send it. A retired one (a stolen key, a process that was not
            // killed) would otherwise vouch for decisions or use up the replica's share of
            // answers.
            out.notice(new Notice(Kind.INVALID_MESSAGE, -1, from, m.type() + " from retired incarnation "
                    + event.incarnation()));
            return;
        }
        // Held messages released while this one is handled are handled in between: restore.
        Event.FromReplica outer = handling;
        handling = event;
        try {
            dispatch(from, m, out);
        } finally {
            handling = outer;
        }
    }

    private void dispatch(int from, Message m, Effects out) {
        if (m instanceof Prepare p) {
            onPrepare(from, p, out);
        } else if (m instanceof Commit c) {
            onCommit(from, c, out);
        } else if (m instanceof Propose p) {
            onPropose(from, p, out);
        } else if (m instanceof ViewState v) {
            onViewState(from, v, out);
        } else if (m instanceof NewView nv) {
            onNewView(from, nv, out);
        } else if (m instanceof Decided d) {
            onDecided(from, d, out);
        } else if (m instanceof DecisionQuery q) {
            onDecisionQuery(from, q, out);
        } else if (m instanceof RejoinRequest j) {
            onRejoinRequest(from, j, out);
        } else if (m instanceof Checkpoint c) {
            onCheckpoint(c, out);
        } else if (m instanceof ManifestRequest || m instanceof ChunkRequest) {
            if (mayServeState(from)) {
                out.serveState(from, m);
            }
        } else if (m instanceof SnapshotManifest manifest) {
            if (fetch != null) {
                fetch.onManifest(from, manifest, now, out);
            }
        } else if (m instanceof SnapshotChunk chunk) {
            onChunk(from, chunk, out);
        } else {
            out.notice(new Notice(Kind.INVALID_MESSAGE, -1, from, m.type() + " is not a replica-to-replica message"));
        }
    }

    /**
     * The slot a channel-authenticated vote (or proposal) is about, or -1. Signed statements
     * are bound to their slot's key by their signature instead (and may be relayed by others).
     */
    private static long slotOf(Message m) {
        if (m instanceof Prepare p) {
            return p.slot();
        } else if (m instanceof Commit c) {
            return c.slot();
        } else if (m instanceof Propose p) {
            return p.slot();
        } else if (m instanceof NewView nv) {
            return nv.slot();
        }
        return -1;
    }

    private void handleClientMessage(long clientId, Message m, Effects out) {
        if (m instanceof Request r) {
            onRequest(clientId, r, out);
        } else if (m instanceof StatusQuery q) {
            out.status(clientId, q, status());
        } else if (m instanceof EpochChange change) {
            onEpochChange(clientId, change, out);
        } else {
            out.notice(new Notice(Kind.INVALID_MESSAGE, -1, -1, "client " + clientId + " sent " + m.type()));
        }
    }

    private void handleTick(long nowMillis, Effects out) {
        now = Math.max(now, nowMillis);
        // Slots are awaited up to the latest activity seen: a proposal here, or messages for
        // later slots from t + 1 peers (one of them correct), which is how a replica that
        // missed a slot's traffic finds out the others have moved past it.
        // An executed epoch change needs every slot before its epoch's first slot decided, so
        // those are awaited too (a slot whose proposer crashed must not wait for traffic).
        long lastAwaited = Math.min(decidedPrefix + window,
                Math.max(Math.max(highestActiveSlot, vouchedHigh()), keys.latestEpochStart() - 1));
        for (long s = decidedPrefix + 1; s <= lastAwaited; s++) {
            SlotState slot = slotFor(s);
            if (!slot.isDecided() && slot.awaitedSince < 0) {
                slot.awaitedSince = now;
            }
        }
        List<SlotState> expired = new ArrayList<>();
        for (SlotState slot : slots.subMap(decidedPrefix, false, decidedPrefix + window, true).values()) {
            if (slot.isDecided() || slot.awaitedSince < 0 || !speaksFor(slot.slot)) {
                continue;
            }
            if (slot.view > 0 && !quorumReached(slot)) {
                // Ahead of the others: wait for them instead of running further ahead, or
                // replicas would keep timing out in different views and never meet.
                slot.awaitedSince = now;
            } else if (now - slot.awaitedSince >= timeout(slot.view)) {
                expired.add(slot);
            }
            if (slot.view > 0 && now - slot.lastResentAt >= settings.viewChangeTimeoutMillis()) {
                resendViewChange(slot, out);
            }
        }
        Set<Long> moved = new HashSet<>();
        for (SlotState slot : expired) {
            if (moved.contains(slot.slot) || slot.isDecided() || slot.slot <= decidedPrefix) {
                continue;
            }
            int suspect = leader(slot.slot, slot.view);
            boolean originalProposer = slot.view == 0;
            moveToView(slot, slot.view + 1, "timed out waiting for proposer " + suspect, out);
            moved.add(slot.slot);
            if (!originalProposer) {
                continue;
            }
            // A proposer that failed one of its slots probably fails its other open slots
            // too: give up on all of them at once instead of timing out on each in turn
            // (including slots nobody has sent anything about yet). The range is fixed
            // first: slots decided on the way move the prefix (a lone replica decides as
            // soon as it moves), and the window must not move with it.
            long first = decidedPrefix + 1;
            long last = decidedPrefix + window;
            for (long s = first; s <= last; s++) {
                if (moved.contains(s) || leader(s, 0) != suspect) {
                    continue;
                }
                SlotState other = slotFor(s);
                if (!other.isDecided() && other.view == 0) {
                    moveToView(other, 1, "proposer " + suspect + " suspected", out);
                    moved.add(s);
                }
            }
        }
        catchUpIfBehind(out);
        fetchIfBehind(out);
        if (fetch != null) {
            fetch.tick(now, out);
            if (fetch.stalled(now)) {
                out.notice(new Notice(Kind.STATE_TRANSFER_STARTED, fetch.slot(), -1, "fetch stalled; starting over"));
                fetch = null;
                fetchIfBehind(out);
            }
        }
        askToRejoinIfSuspended(out);
        tryPropose(out);
    }

    // ---------------------------------------------------------------- client requests

    private void onRequest(long clientId, Request r, Effects out) {
        if (r.clientId() != clientId) {
            refuse(clientId, r.seq(), ReplyStatus.REJECTED, "request names client " + r.clientId()
                    + " but arrived on the channel of client " + clientId, out);
            return;
        }
        if (r.payload().length > settings.batchMaxBytes()) {
            refuse(clientId, r.seq(), ReplyStatus.REJECTED, "request of " + r.payload().length
                    + " bytes exceeds the batch limit of " + settings.batchMaxBytes(), out);
            return;
        }
        if (r.readOnly()) {
            out.query(r, highestCommitSent);
            return;
        }
        Standing standing = ordered.standing(clientId, r.seq());
        if (standing == Standing.DONE) {
            out.resendReply(clientId, r.seq());
            return;
        }
        if (standing == Standing.EXPIRED) {
            refuse(clientId, r.seq(), ReplyStatus.REJECTED, "request " + r.seq()
                    + " is older than the client's window of " + ordered.window(), out);
            return;
        }
        RequestKey key = new RequestKey(clientId, r.seq());
        boolean awaited = parkedOn.containsKey(key);
        switch (pool.offer(r, now, awaited)) {
            case ADDED -> {
                if (awaited) {
                    reconsiderParked(key, out);
                }
                tryPropose(out);
            }
            case ALREADY_HELD -> { }
            case CONFLICT -> refuse(clientId, r.seq(), ReplyStatus.REJECTED,
                    "another request with seq " + r.seq() + " and a different payload is pending", out);
            case FULL -> refuse(clientId, r.seq(), ReplyStatus.BUSY, "replica " + me + " is overloaded", out);
            case CLIENT_FULL -> refuse(clientId, r.seq(), ReplyStatus.BUSY, "client " + clientId + " already has "
                    + settings.clientWindow() + " requests waiting at replica " + me + " (its window)", out);
        }
    }

    private void refuse(long clientId, long seq, ReplyStatus status, String why, Effects out) {
        answerRefused(clientId, seq, status, why, out);
        if (status == ReplyStatus.REJECTED) {
            out.notice(new Notice(Kind.REQUEST_REFUSED, -1, -1, "client " + clientId + " seq " + seq + ": " + why));
        }
    }

    private void answerRefused(long clientId, long seq, ReplyStatus status, String why, Effects out) {
        out.sendToClient(clientId, new Reply(me, clientId, seq, epoch(), decidedPrefix, status,
                why.getBytes(StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------- proposing

    /**
     * Proposes this replica's open slots, lowest first, while it has reason to:
     * <ul>
     *   <li>it has requests of its own share (or anyone's that waited past the censorship
     *       timeout) and fewer than {@code maxProposalsInFlight} proposals undecided;
     *   <li>another proposer will put waiting requests into a later slot: this slot would
     *       hold them back, so it is proposed at once, empty if need be;
     *   <li>a later slot is already in use (a hole would hold back every slot after it).
     * </ul>
     */
    private void tryPropose(Effects out) {
        while (true) {
            long s = nextFreeSlot(me);
            if (s < 0 || !speaksFor(s)) {
                return;
            }
            // Every proposer fills its slots before a new epoch's first slot at once (empty if
            // need be): the epoch takes effect without waiting for traffic, and a retiring
            // incarnation leaves no slot behind for anyone to wait for once it is gone
            // (docs/PROTOCOL.md, "Epochs and refresh").
            boolean hole = highestActiveSlot > s || s < keys.latestEpochStart();
            boolean canPipeline = ownOpenProposals.size() < settings.maxProposalsInFlight();
            boolean ownWork = canPipeline && (pool.hasWorkFor(me, now, settings.censorshipTimeoutMillis())
                    || !pendingRejoins.isEmpty() || epochChangeToPropose());
            if (!hole && !ownWork && !(canPipeline && othersWaitBehind(s))) {
                return;
            }
            List<EpochChange> changes = List.of();
            if (epochChangeToPropose()) {
                changes = List.of(pendingEpochChange);
                epochChangeProposedIn = s;
            }
            Batch batch = Batch.create(s, 0, me, takeRequests(), takeRejoins(), changes);
            SlotState slot = slotFor(s);
            slot.proposedHere = true;
            slot.firstProposal = batch.digest();
            ownOpenProposals.add(s);
            noteActive(s);
            Propose proposal = new Propose(s, 0, batch);
            slot.firstProposalMessage = proposal;
            out.propose(proposal);
            accept(slot, 0, batch, false, out);
        }
    }

    /** The lowest open slot {@code proposer} leads in view 0 and has not proposed yet, or -1. */
    private long nextFreeSlot(int proposer) {
        for (long s = decidedPrefix + 1; s <= decidedPrefix + window; s++) {
            if (leader(s, 0) == proposer) {
                SlotState slot = slots.get(s);
                if (slot == null || (slot.firstProposal == null && !slot.isDecided() && slot.view == 0)) {
                    return s;
                }
            }
        }
        return -1;
    }

    /** Whether some other proposer holds waiting requests it will propose in a slot after {@code s}. */
    private boolean othersWaitBehind(long s) {
        for (int owner : pool.ownersWithWaiting()) {
            if (owner != me) {
                long next = nextFreeSlot(owner);
                if (next < 0 || next > s) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean epochChangeToPropose() {
        return pendingEpochChange != null && epochChangeProposedIn < 0;
    }

    private List<Request> takeRequests() {
        return pool.take(me, now, settings.censorshipTimeoutMillis(), settings.batchMaxRequests(),
                settings.batchMaxBytes());
    }

    private List<RejoinRequest> takeRejoins() {
        if (pendingRejoins.isEmpty()) {
            return List.of();
        }
        List<RejoinRequest> rejoins = new ArrayList<>(pendingRejoins.values());
        pendingRejoins.clear();
        return rejoins;
    }

    // ---------------------------------------------------------------- normal case

    private void onPropose(int from, Propose p, Effects out) {
        long s = p.slot();
        if (!admit(s, from, p, true)) {
            return;
        }
        SlotState slot = slotFor(s);
        if (slot.isDecided()) {
            return;
        }
        if (from != leader(s, 0)) {
            onForwardedProposal(from, slot, p, out);
            return;
        }
        Batch b = p.batch();
        if (p.view() != 0 || b.slot() != s || b.view() != 0 || b.proposer() != from) {
            out.notice(new Notice(Kind.INVALID_MESSAGE, s, from, "proposal with a header that does not match"));
            if (!isProvenFaulty(from)) {
                report(proposalEvidence.invalid(from, p, "signed a proposal whose header does not match its slot"), out);
            }
            return;
        }
        Digest d = b.digest();
        if (slot.firstProposal != null) {
            if (!slot.firstProposal.equals(d)) {
                out.notice(new Notice(Kind.EQUIVOCATION, s, from, "two proposals for one slot: "
                        + slot.firstProposal + " and " + d));
                proveEquivocation(from, slot, p, out);
            }
            return;
        }
        if (repeatsARequest(b)) {
            out.notice(new Notice(Kind.INVALID_MESSAGE, s, from, "batch repeats a request"));
            if (!isProvenFaulty(from)) {
                report(proposalEvidence.invalid(from, p, "signed a batch that repeats a request"), out);
            }
            return;
        }
        slot.firstProposal = d;
        slot.firstProposalMessage = p;
        slot.batches.put(d, b);
        slot.prepares.add(0, d, from);
        noteActive(s);
        if (slot.view == 0 && slot.preparedView < 0) {
            consider(slot, 0, b, from, true, out);
        }
        afterNewBatch(slot, d, out);
        tryPropose(out);
    }

    /**
     * Prepares a proposal once every request in it is known to be authentic: received
     * directly from its client over its authenticated channel, or already ordered (so it
     * will not execute again). Until then the proposal waits. {@code authenticate} is false
     * for a value a new view is bound to re-propose: some correct replica checked it.
     */
    /**
     * A replica showed us the proposal it received for a slot, because we prepared another:
     * if the slot's proposer signed both, that is evidence. Examined once per peer and slot,
     * and only while we hold a different proposal, so this costs signature checks only
     * when there is something to prove.
     */
    private void onForwardedProposal(int from, SlotState slot, Propose p, Effects out) {
        long bit = 1L << from;
        int proposer = leader(p.slot(), 0);
        if (p.view() != 0 || p.batch().proposer() != proposer || p.batch().slot() != p.slot()) {
            // A correct replica forwards only the slot's own proposal.
            out.notice(new Notice(Kind.INVALID_MESSAGE, p.slot(), from, "proposal not from the slot's proposer"));
            return;
        }
        if ((slot.forwardedFrom & bit) != 0) {
            return;
        }
        slot.forwardedFrom |= bit;
        Digest d = p.batch().digest();
        if (!slot.batches.containsKey(d)
                && (d.equals(slot.decidedDigest) || quorums.vouches(slot.prepares.count(0, d)))) {
            // The batch the others prepare: with it this replica can commit or decide the
            // slot instead of waiting to fetch it. Its digest is its identity; whether it is
            // authentic is what the quorum's prepares say. Kept only when t + 1 prepared it
            // (or a quorum decided it), so a faulty peer cannot park batches here.
            slot.batches.put(d, p.batch());
            afterNewBatch(slot, d, out);
        }
        if (slot.firstProposalMessage != null && !d.equals(slot.firstProposal)) {
            proveEquivocation(proposer, slot, p, out);
        }
    }

    private void proveEquivocation(int proposer, SlotState slot, Propose other, Effects out) {
        if (slot.equivocationProven || slot.firstProposalMessage == null || isProvenFaulty(proposer)) {
            return;
        }
        Evidence e = proposalEvidence.equivocation(proposer, slot.firstProposalMessage, other);
        if (e != null) {
            slot.equivocationProven = true;
            report(e, out);
        }
    }

    /**
     * A peer prepared another batch than the proposal we hold for view 0 of a slot: one of
     * the two proposals came from an equivocating proposer, or the peer lies. Show it ours
     * (once): a replica holding both signed proposals can prove the equivocation, and the
     * peer gets the batch the quorum may decide.
     */
    private void showProposalTo(int peer, SlotState slot, Effects out) {
        long bit = 1L << peer;
        if ((slot.proposalShownTo & bit) != 0 || slot.firstProposalMessage == null || slot.proposedHere) {
            return; // a proposer's own copy is unsigned here, and proves nothing about itself
        }
        slot.proposalShownTo |= bit;
        out.send(peer, slot.firstProposalMessage);
    }

    private static boolean repeatsARequest(Batch b) {
        if (b.requests().size() < 2) {
            return false;
        }
        Set<RequestKey> seen = new HashSet<>(b.requests().size() * 2);
        for (Request r : b.requests()) {
            if (!seen.add(new RequestKey(r.clientId(), r.seq()))) {
                return true;
            }
        }
        return false;
    }

    private void consider(SlotState slot, int view, Batch b, int leader, boolean authenticate, Effects out) {
        if (authenticate) {
            List<RequestKey> missing = new ArrayList<>(0);
            if (!authentic(b, missing)) {
                out.notice(new Notice(Kind.INVALID_MESSAGE, slot.slot, leader, "batch repeats a request"));
                return;
            }
            if (!missing.isEmpty()) {
                unpark(slot);
                slot.parked = b;
                slot.parkedView = view;
                slot.parkedLeader = leader;
                for (RequestKey k : missing) {
                    parkedOn.computeIfAbsent(k, x -> new HashSet<>(2)).add(slot.slot);
                }
                return;
            }
        }
        unpark(slot);
        accept(slot, view, b, true, out);
    }

    private boolean authentic(Batch b, List<RequestKey> missing) {
        if (repeatsARequest(b)) {
            return false;
        }
        for (Request r : b.requests()) {
            RequestKey key = new RequestKey(r.clientId(), r.seq());
            if (ordered.standing(r.clientId(), r.seq()) != Standing.NEW) {
                continue;
            }
            RequestPool.Pending held = pool.get(key);
            if (held == null || !Arrays.equals(held.request.payload(), r.payload())) {
                missing.add(key);
            }
        }
        return true;
    }

    private void reconsiderParked(RequestKey key, Effects out) {
        Set<Long> waiting = parkedOn.remove(key);
        if (waiting == null) {
            return;
        }
        for (long s : waiting) {
            SlotState slot = slots.get(s);
            if (slot != null && slot.parked != null && !slot.isDecided() && slot.parkedView == slot.view
                    && slot.preparedView < slot.view) {
                consider(slot, slot.parkedView, slot.parked, slot.parkedLeader, true, out);
            }
        }
    }

    /** Forgets the slot's parked proposal, and the requests it was waiting for. */
    private void unpark(SlotState slot) {
        Batch b = slot.parked;
        if (b == null) {
            return;
        }
        slot.parked = null;
        for (Request r : b.requests()) {
            RequestKey key = new RequestKey(r.clientId(), r.seq());
            Set<Long> waiting = parkedOn.get(key);
            if (waiting != null && waiting.remove(slot.slot) && waiting.isEmpty()) {
                parkedOn.remove(key);
            }
        }
    }

    /** Sends (or, as the leader, implies) this replica's prepare for {@code b} in {@code view}. */
    private void accept(SlotState slot, int view, Batch b, boolean announce, Effects out) {
        Digest d = b.digest();
        slot.batches.put(d, b);
        if (!speaksFor(slot.slot)) {
            return; // kept, so that the quorum's commits can decide it here
        }
        slot.preparedView = view;
        slot.recordWrite(d, ViewChangeRules.ts(view));
        votesChanged(slot);
        slot.prepares.add(view, d, me);
        if (announce) {
            out.broadcast(new Prepare(slot.slot, view, d));
        }
        for (Request r : b.requests()) {
            pool.markInFlight(new RequestKey(r.clientId(), r.seq()), slot.slot);
        }
        if (slot.awaitedSince < 0) {
            slot.awaitedSince = now;
        }
        checkPrepared(slot, view, d, out);
    }

    private void onPrepare(int from, Prepare p, Effects out) {
        if (!admit(p.slot(), from, p, false)) {
            return;
        }
        SlotState slot = slotFor(p.slot());
        if (p.view() < slot.view || p.view() > slot.view + MAX_VIEW_AHEAD) {
            return;
        }
        if (p.view() == 0 && slot.firstProposal != null && !slot.firstProposal.equals(p.digest())
                && from != leader(p.slot(), 0)) {
            showProposalTo(from, slot, out);
        }
        Votes.Cast cast = slot.prepares.add(p.view(), p.digest(), from);
        if (cast == Votes.Cast.CONFLICTING) {
            out.notice(new Notice(Kind.EQUIVOCATION, p.slot(), from, "two prepares in view " + p.view()));
        } else if (cast == Votes.Cast.COUNTED) {
            checkPrepared(slot, p.view(), p.digest(), out);
        }
    }

    /** A quorum prepared {@code d} in the current view and the batch is here: commit. */
    private void checkPrepared(SlotState slot, int view, Digest d, Effects out) {
        if (slot.view != view || slot.committedView >= view || !speaksFor(slot.slot)
                || !quorums.isAgreementQuorum(slot.prepares.count(view, d)) || !slot.batches.containsKey(d)) {
            return;
        }
        slot.valTs = ViewChangeRules.ts(view);
        slot.valDigest = d;
        slot.committedView = view;
        votesChanged(slot);
        slot.commits.add(view, d, me);
        highestCommitSent = Math.max(highestCommitSent, slot.slot);
        out.broadcast(new Commit(slot.slot, view, d));
        checkCommitted(slot, view, d, out);
    }

    private void onCommit(int from, Commit c, Effects out) {
        if (!admit(c.slot(), from, c, false)) {
            return;
        }
        SlotState slot = slotFor(c.slot());
        if (slot.isDecided() || c.view() > slot.view + MAX_VIEW_AHEAD) {
            return;
        }
        Votes.Cast cast = slot.commits.add(c.view(), c.digest(), from);
        if (cast == Votes.Cast.CONFLICTING) {
            out.notice(new Notice(Kind.EQUIVOCATION, c.slot(), from, "two commits in view " + c.view()));
        } else if (cast == Votes.Cast.COUNTED) {
            checkCommitted(slot, c.view(), c.digest(), out);
        }
    }

    /** A quorum committed {@code d} in some view: it is decided, whatever view we are in. */
    private void checkCommitted(SlotState slot, int view, Digest d, Effects out) {
        if (!slot.isDecided() && quorums.isAgreementQuorum(slot.commits.count(view, d))) {
            decide(slot, d, out);
        }
    }

    /** A new batch arrived for a slot: votes or a decision may have been waiting for it. */
    private void afterNewBatch(SlotState slot, Digest d, Effects out) {
        if (slot.isDecided()) {
            return;
        }
        if (d.equals(slot.decidedDigest)) {
            decide(slot, d, out);
            return;
        }
        checkPrepared(slot, slot.view, d, out);
    }

    private void decide(SlotState slot, Digest d, Effects out) {
        Batch b = slot.batches.get(d);
        if (b == null) {
            // Decided by a quorum of commits but the batch never reached us: ask for it.
            if (!d.equals(slot.decidedDigest)) {
                slot.decidedDigest = d;
                out.broadcast(new DecisionQuery(slot.slot));
            }
            return;
        }
        slot.decided = b;
        if (slot.view == 0 && slot.awaitedSince >= 0) {
            viewZeroPace.observe(now - slot.awaitedSince);
        }
        slot.awaitedSince = -1;
        unpark(slot);
        noteActive(slot.slot);
        if (slot.view > 0 || b.view() > 0) {
            out.notice(new Notice(Kind.RECOVERED_SLOT, slot.slot, b.proposer(), "decided " + b + " in view "
                    + slot.view));
        }
        deliverReady(out);
    }

    // ---------------------------------------------------------------- delivery

    private void deliverReady(Effects out) {
        if (fetch != null) {
            return;
        }
        boolean advanced = false;
        while (true) {
            SlotState slot = slots.get(decidedPrefix + 1);
            if (slot == null || !slot.isDecided()) {
                break;
            }
            long s = ++decidedPrefix;
            advanced = true;
            Batch b = slot.decided;
            for (Batch other : slot.batches.values()) {
                if (other != b && !other.digest().equals(b.digest())) {
                    for (Request r : other.requests()) {
                        pool.release(new RequestKey(r.clientId(), r.seq()), s);
                    }
                }
            }
            for (Request r : b.requests()) {
                ordered.mark(r.clientId(), r.seq());
                pool.remove(new RequestKey(r.clientId(), r.seq()));
            }
            ownOpenProposals.remove(s);
            List<ProposerSchedule.Change> changes = schedule.apply(s, b, currentKeys);
            if (!b.epochChanges().isEmpty()) { // rare: copy only then
                changes = new ArrayList<>(changes);
                for (EpochChange change : b.epochChanges()) {
                    changes.addAll(executeEpochChange(s, change, out));
                }
            }
            if (epochChangeProposedIn == s) {
                epochChangeProposedIn = -1; // decided; if another batch won the slot, propose it again
            }
            if (!changes.isEmpty()) {
                for (ProposerSchedule.Change c : changes) {
                    out.notice(new Notice(c.suspended() ? Kind.SUSPENDED : Kind.REINSTATED, s, c.replica(),
                            "proposer list changes from slot " + c.effectiveFrom()));
                }
                pool.reassign(schedule.latestActive());
                pendingRejoins.values().removeIf(j -> schedule.suspendedAt(j.replicaId()) != j.suspendedAt());
            }
            out.deliver(keys.epochAt(s), s, b);
            decisionLog.put(s, b);
            if (!epochWatchers.isEmpty()) {
                announceEpochsInEffect(out);
            }
            if (s % settings.checkpointInterval() == 0) {
                out.checkpoint(s, protocolState());
            }
        }
        if (!advanced) {
            return;
        }
        prefixMovedAt = now;
        slots.headMap(decidedPrefix - retainedSlots, true).clear();
        trimDecisionLog();
        schedule.prune(decidedPrefix - retainedSlots);
        keys = keys.prunedBefore(decidedPrefix - retainedSlots);
        for (Event.FromReplica held : future.release(decidedPrefix + window)) {
            handleReplicaMessage(held, out);
        }
        tryPropose(out);
    }

    // ---------------------------------------------------------------- epochs

    /**
     * The controller hands this replica the next epoch change (as a client). A valid one is
     * proposed in this replica's next slot; the controller hears back once the epoch is in
     * effect. The validity time was checked where the message arrived (the core has no
     * wall clock); here what execution will check: the epoch and the signature.
     */
    private void onEpochChange(long clientId, EpochChange change, Effects out) {
        long latest = keys.epochExecutedBy(decidedPrefix);
        if (change.epoch() <= latest) {
            if (change.epoch() > latest - 64) {
                watchEpoch(change.epoch(), clientId);
                announceEpochsInEffect(out);
            }
            return;
        }
        if (change.epoch() > latest + 1) {
            // This replica has not executed the previous change yet; the controller sends
            // this one again, and the replicas that are up to date take it meanwhile.
            return;
        }
        String refusal = keys.refusal(change, decidedPrefix + 1, authorityKey, quorums);
        if (refusal != null) {
            answerRefused(clientId, change.epoch(), ReplyStatus.REJECTED, "epoch change " + refusal, out);
            out.notice(new Notice(Kind.INVALID_EPOCH_CHANGE, -1, -1, "from client " + clientId + ": epoch change "
                    + refusal));
            return;
        }
        watchEpoch(change.epoch(), clientId);
        if (pendingEpochChange == null || !pendingEpochChange.equals(change)) {
            pendingEpochChange = change;
            epochChangeProposedIn = -1;
        }
        tryPropose(out);
    }

    private void watchEpoch(long epoch, long clientId) {
        if (epochWatchers.size() >= 64 && !epochWatchers.containsKey(epoch)) {
            epochWatchers.pollFirstEntry();
        }
        Set<Long> clients = epochWatchers.computeIfAbsent(epoch, e -> new HashSet<>(2));
        if (clients.size() < 16) {
            clients.add(clientId);
        }
    }

    /**
     * Executes an epoch change decided at slot {@code s}, if valid: from slot {@code s + W}
     * on, the listed replicas speak with their new keys and belong to the new incarnation,
     * which is suspended as a proposer until it has recovered and asks to rejoin. The
     * window's delay means the proposers and keys of every open slot are already fixed, and
     * the retiring incarnation's last slots stay its own.
     */
    private List<ProposerSchedule.Change> executeEpochChange(long s, EpochChange change, Effects out) {
        String refusal = keys.refusal(change, s, authorityKey, quorums);
        if (refusal != null) {
            if (change.epoch() > keys.epochExecutedBy(s - 1)) {
                out.notice(new Notice(Kind.INVALID_EPOCH_CHANGE, s, -1, "ignored: epoch change " + refusal));
            }
            return List.of();
        }
        long firstSlot = s + window;
        keys = keys.with(change, s, firstSlot);
        if (pendingEpochChange != null && pendingEpochChange.epoch() <= change.epoch()) {
            pendingEpochChange = null;
            epochChangeProposedIn = -1;
        }
        for (EpochChange.Refresh refresh : change.refreshes()) {
            // Votes the retiring incarnation cast about its successor's slots never count.
            for (SlotState slot : slots.tailMap(firstSlot, true).values()) {
                slot.forget(refresh.replicaId());
            }
        }
        ownSlotsChanged();
        out.notice(new Notice(Kind.EPOCH_CHANGE, s, -1, "epoch " + change.epoch() + " from slot " + firstSlot
                + ": replicas " + change.replicaIds() + " refreshed"));
        return schedule.refresh(s, change.replicaIds());
    }

    /** Tells the clients that asked which of the epochs they wait for are in effect here. */
    private void announceEpochsInEffect(Effects out) {
        var it = epochWatchers.entrySet().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            long epoch = entry.getKey();
            long first = keys.firstSlotOfEpoch(epoch);
            if (epoch > keys.epochExecutedBy(decidedPrefix) || decidedPrefix < first - 1) {
                continue;
            }
            it.remove();
            if (first < 0) {
                continue; // took effect so long ago that its start is forgotten: nothing to tell
            }
            byte[] result = new EpochChangeReply(epoch, keys.executedAtOfEpoch(epoch), first).encode();
            for (long client : entry.getValue()) {
                out.sendToClient(client, new Reply(me, client, epoch, epoch, first, ReplyStatus.OK, result));
            }
        }
    }

    /** Whether this incarnation speaks (proposes, votes, signs) for {@code slot}. */
    private boolean speaksFor(long slot) {
        return slot >= ownFirstSlot && slot <= ownLastSlot;
    }

    private void ownSlotsChanged() {
        long first = keys.firstSlotOf(me, incarnation);
        long last = keys.lastSlotOf(me, incarnation);
        if (first < 0) {
            // Not known here yet (a refreshed replica before it has the state that names it):
            // it speaks for nothing.
            ownFirstSlot = Long.MAX_VALUE;
            ownLastSlot = Long.MIN_VALUE;
        } else {
            ownFirstSlot = first;
            ownLastSlot = last;
        }
    }

    /** The keys as they stand; immutable, safe to read from any thread. */
    public ReplicaKeys keys() {
        return keys;
    }

    // ---------------------------------------------------------------- view change

    private long timeout(int view) {
        if (view == 0) {
            return viewZeroPace.timeout();
        }
        return settings.viewChangeTimeoutMillis() << Math.min(view, MAX_TIMEOUT_SHIFT);
    }

    /**
     * Tells a replica that is changing views where this one stands, at most once per base
     * timeout per peer: our own broadcast may have been lost, and a replica that has
     * decided the slot no longer resends it, yet the other needs it to count a quorum.
     */
    private void answerWithOwnState(SlotState slot, int peer, Effects out) {
        if (!speaksFor(slot.slot)) {
            return;
        }
        if (slot.view > 0 && (slot.ownState == null || slot.ownState.view() < slot.view)) {
            // It entered this view through a new-view message and never stated its own
            // state for it; a peer still changing views may need exactly this state to
            // count a quorum (say because the others that decided the slot are gone).
            long last = slot.answeredAt.getOrDefault(peer, Long.MIN_VALUE / 2);
            if (now - last < settings.viewChangeTimeoutMillis()) {
                return;
            }
            slot.ownState = signedState(slot);
            slot.viewStates.put(me, slot.ownState.withoutBatch());
            votesChanged(slot);
        }
        if (slot.ownState == null) {
            return;
        }
        long last = slot.answeredAt.getOrDefault(peer, Long.MIN_VALUE / 2);
        if (now - last >= settings.viewChangeTimeoutMillis()) {
            slot.answeredAt.put(peer, now);
            out.send(peer, slot.ownState);
        }
    }

    /** Whether a quorum of replicas (this one included) reported states for the slot's view or later. */
    private boolean quorumReached(SlotState slot) {
        int count = 0;
        for (ViewState s : slot.viewStates.values()) {
            if (s.view() >= slot.view) {
                count++;
            }
        }
        return quorums.isAgreementQuorum(count);
    }

    /**
     * Messages of a view change may be lost; until the slot is decided, the replica sends
     * its state again, and the leader its new view, once per base timeout.
     */
    private void resendViewChange(SlotState slot, Effects out) {
        slot.lastResentAt = now;
        if (slot.ownState != null && slot.ownState.view() == slot.view) {
            out.broadcast(slot.ownState);
        }
        if (slot.newViewMessage != null && slot.newViewMessage.view() == slot.view) {
            out.broadcast(slot.newViewMessage);
        }
    }

    /** Abandons the slot's current view and reports this replica's state, signed, to all. */
    private void moveToView(SlotState slot, int view, String why, Effects out) {
        if (!speaksFor(slot.slot)) {
            return; // not this incarnation's slot: it learns the outcome from the others
        }
        slot.view = view;
        votesChanged(slot);
        slot.awaitedSince = now;
        unpark(slot);
        ownOpenProposals.remove(slot.slot);
        viewChanges++;
        out.notice(new Notice(Kind.VIEW_CHANGE, slot.slot, leader(slot.slot, view), "to view " + view + ": " + why));
        ViewState state = signedState(slot);
        out.broadcast(state);
        slot.ownState = state;
        slot.lastResentAt = now;
        slot.viewStates.put(me, state.withoutBatch());
        tryNewView(slot, out);
    }

    /** This replica's state for the slot's current view, signed. */
    private ViewState signedState(SlotState slot) {
        List<io.molt.core.message.WriteEntry> writeSet = slot.writeSetEntries(MAX_WRITE_SET);
        byte[] signature = signer.sign(SignedContent.viewState(slot.slot, slot.view, me, slot.valTs, slot.valDigest,
                writeSet));
        Batch valBatch = slot.valTs > 0 ? slot.batches.get(slot.valDigest) : null;
        return new ViewState(slot.slot, slot.view, me, slot.valTs, slot.valDigest, writeSet, valBatch, signature);
    }

    private void onViewState(int from, ViewState vs, Effects out) {
        if (vs.replicaId() != from) {
            out.notice(new Notice(Kind.INVALID_MESSAGE, vs.slot(), from, "relayed another replica's view state"));
            return;
        }
        if (!admit(vs.slot(), from, vs, true)) {
            Batch b = decisionLog.get(vs.slot());
            if (b != null) {
                out.send(from, new Decided(vs.slot(), b));
            }
            return;
        }
        SlotState slot = slotFor(vs.slot());
        if (slot.isDecided()) {
            // Tell it the decision; and keep taking part in the view change, because when
            // fewer than t + 1 replicas decided, the others can only finish the slot with
            // our votes.
            out.send(from, new Decided(vs.slot(), slot.decided));
        }
        ViewState previous = slot.viewStates.get(from);
        if (previous == null || vs.view() > previous.view()) {
            slot.viewStates.put(from, vs.withoutBatch());
            // The batch a state vouches for is kept with that state only (one per sender),
            // so a faulty replica cannot fill memory with batches by sending many states.
            Batch valBatch = vs.valBatch();
            if (valBatch != null && vs.valTs() > 0 && valBatch.slot() == vs.slot()
                    && valBatch.digest().equals(vs.valDigest())) {
                slot.stateBatches.put(from, valBatch);
            } else {
                slot.stateBatches.remove(from);
            }
        }
        answerWithOwnState(slot, from, out);
        joinIfOthersMovedOn(slot, out);
        tryNewView(slot, out);
    }

    /**
     * When {@code t + 1} replicas moved past this replica's view, at least one correct
     * replica gave up on it: follow without waiting for our own timeout.
     */
    private void joinIfOthersMovedOn(SlotState slot, Effects out) {
        List<Integer> ahead = new ArrayList<>();
        for (ViewState s : slot.viewStates.values()) {
            if (s.view() > slot.view) {
                ahead.add(s.view());
            }
        }
        if (quorums.vouches(ahead.size())) {
            ahead.sort((a, b) -> Integer.compare(b, a));
            moveToView(slot, ahead.get(quorums.t()), "t+1 replicas moved on", out);
        }
    }

    /** As the new view's leader, sends the new view once the collected states are sound. */
    private void tryNewView(SlotState slot, Effects out) {
        int view = slot.view;
        if (view == 0 || slot.newViewSent >= view || leader(slot.slot, view) != me) {
            return;
        }
        List<ViewState> states = new ArrayList<>();
        for (ViewState s : slot.viewStates.values()) {
            if (s.view() == view) {
                states.add(s);
            }
        }
        if (!quorums.isAgreementQuorum(states.size())) {
            return;
        }
        Selection selection = ViewChangeRules.findSound(states, quorums, d -> slot.batchFor(d) != null);
        Batch batch;
        if (selection.outcome() instanceof Bound bound) {
            batch = slot.batchFor(bound.digest());
        } else if (selection.outcome() instanceof Unbound) {
            batch = Batch.create(slot.slot, view, me, takeRequests(), takeRejoins());
        } else {
            return;
        }
        slot.newViewSent = view;
        votesChanged(slot);
        slot.newViewMessage = new NewView(slot.slot, view, selection.states(), batch);
        out.broadcast(slot.newViewMessage);
        slot.newViewAccepted = view;
        slot.batches.put(batch.digest(), batch);
        noteActive(slot.slot);
        accept(slot, view, batch, false, out);
    }

    private void onNewView(int from, NewView nv, Effects out) {
        long s = nv.slot();
        if (!admit(s, from, nv, true)) {
            return;
        }
        SlotState slot = slotFor(s);
        int view = nv.view();
        if (view == 0 || view < slot.view || view <= slot.newViewAccepted) {
            return;
        }
        if (from != leader(s, view)) {
            out.notice(new Notice(Kind.INVALID_MESSAGE, s, from, "new view " + view + " not from its leader"));
            return;
        }
        Set<Integer> senders = new HashSet<>();
        for (ViewState st : nv.states()) {
            if (st.slot() != s || st.view() != view || !quorums.isReplica(st.replicaId())
                    || !senders.add(st.replicaId())) {
                out.notice(new Notice(Kind.INVALID_MESSAGE, s, from, "new view with a foreign or repeated state"));
                return;
            }
        }
        Outcome outcome = ViewChangeRules.evaluate(nv.states(), quorums);
        Batch b = nv.batch();
        boolean fresh;
        if (outcome instanceof Bound bound) {
            if (!b.digest().equals(bound.digest()) || b.slot() != s) {
                out.notice(new Notice(Kind.INVALID_MESSAGE, s, from, "new view proposes another value than the bound one"));
                return;
            }
            fresh = false;
        } else if (outcome instanceof Unbound) {
            if (b.slot() != s || b.view() != view || b.proposer() != from) {
                out.notice(new Notice(Kind.INVALID_MESSAGE, s, from, "new view batch header does not match"));
                return;
            }
            fresh = true;
        } else {
            out.notice(new Notice(Kind.INVALID_MESSAGE, s, from, "new view with an unsound collection"));
            return;
        }
        if (view > slot.view) {
            slot.view = view;
            slot.awaitedSince = now;
            unpark(slot);
        }
        // The collection proves a quorum is in this view: remember it, so the timer of
        // this view runs here even if their own broadcasts never reached us.
        for (ViewState st : nv.states()) {
            ViewState known = slot.viewStates.get(st.replicaId());
            if (known == null || known.view() < st.view()) {
                slot.viewStates.put(st.replicaId(), st);
            }
        }
        slot.newViewAccepted = view;
        Digest d = b.digest();
        slot.batches.put(d, b);
        slot.prepares.add(view, d, from);
        noteActive(s);
        if (slot.preparedView < view) {
            consider(slot, view, b, from, fresh, out);
        }
        afterNewBatch(slot, d, out);
    }

    // ---------------------------------------------------------------- catching up

    private void onDecided(int from, Decided msg, Effects out) {
        long s = msg.slot();
        if (!admit(s, from, msg, false)) {
            return;
        }
        SlotState slot = slotFor(s);
        Batch b = msg.batch();
        if (slot.isDecided() || b.slot() != s) {
            return;
        }
        Digest d = b.digest();
        if (d.equals(slot.decidedDigest)) {
            slot.batches.put(d, b);
            decide(slot, d, out);
            return;
        }
        long bit = 1L << from;
        for (Map.Entry<Digest, Long> claim : slot.decidedClaims.entrySet()) {
            if ((claim.getValue() & bit) != 0 && !claim.getKey().equals(d)) {
                out.notice(new Notice(Kind.EQUIVOCATION, s, from, "reported two decisions for one slot"));
                return;
            }
        }
        long claimants = slot.decidedClaims.merge(d, bit, (x, y) -> x | y);
        if (quorums.vouches(Long.bitCount(claimants))) {
            slot.batches.put(d, b);
            decide(slot, d, out);
        }
    }

    private void onDecisionQuery(int from, DecisionQuery q, Effects out) {
        // Each answer is up to 2W batches: a peer gets one per base timeout at most, so a
        // faulty one cannot make us send far more than it sends us.
        if (now - lastQueryServed[from] < settings.viewChangeTimeoutMillis() / 4) {
            return;
        }
        lastQueryServed[from] = now;
        long oldest = decisionLog.isEmpty() ? decidedPrefix + 1 : decisionLog.firstKey();
        if (q.fromSlot() < oldest) {
            // The peer needs decisions this replica no longer keeps: show it the stable
            // checkpoint, whose state it can fetch, and this replica's latest statement (from
            // t + 1 peers those certify a checkpoint even when none became stable, say
            // because a faulty replica signs wrong digests and a correct one lags).
            for (Checkpoint c : checkpoints.stableProof()) {
                out.send(from, c);
            }
            if (ownLatestCheckpoint != null) {
                out.send(from, ownLatestCheckpoint);
            }
        }
        long first = Math.max(q.fromSlot(), oldest);
        long last = Math.min(first + 2L * window - 1, decidedPrefix + window);
        for (long s = Math.max(first, 1); s <= last; s++) {
            Batch b = decisionLog.get(s);
            if (b == null) {
                SlotState slot = slots.get(s);
                b = slot == null ? null : slot.decided;
            }
            if (b != null) {
                out.send(from, new Decided(s, b));
            }
        }
    }

    // ---------------------------------------------------------------- checkpoints

    /** The core's part of a checkpoint: the proposer schedule and the ordered-request windows. */
    private byte[] protocolState() {
        WireWriter w = new WireWriter(256);
        schedule.writeTo(w, decidedPrefix);
        ordered.writeTo(w);
        keys.writeTo(w, decidedPrefix);
        return w.toByteArray();
    }

    /**
     * A correct fetcher keeps a few chunk requests outstanding per source; a peer asking for
     * far more is flooding. At most {@value #STATE_ANSWERS_PER_TIMEOUT} answers per peer per
     * base timeout (with 1 MiB chunks and a 400 ms timeout, 160 MB/s per peer).
     */
    private boolean mayServeState(int peer) {
        if (now - stateServeWindowStart[peer] >= settings.viewChangeTimeoutMillis()) {
            stateServeWindowStart[peer] = now;
            stateAnswers[peer] = 0;
        }
        return stateAnswers[peer]++ < STATE_ANSWERS_PER_TIMEOUT;
    }

    private void onSnapshotTaken(long slot, Digest digest, Effects out) {
        if (!speaksFor(slot)) {
            return;
        }
        byte[] signature = signer.sign(SignedContent.checkpoint(slot, me, digest));
        Checkpoint own = new Checkpoint(slot, me, digest, signature);
        if (ownLatestCheckpoint == null || ownLatestCheckpoint.slot() < slot) {
            ownLatestCheckpoint = own;
        }
        out.broadcast(own);
        onCheckpoint(own, out);
    }

    private void onCheckpoint(Checkpoint c, Effects out) {
        if (c.slot() <= 0 || c.slot() % settings.checkpointInterval() != 0) {
            out.notice(new Notice(Kind.INVALID_MESSAGE, c.slot(), c.replicaId(), "checkpoint off the interval"));
            return;
        }
        report(checkpoints.add(c), out);
        List<Evidence> found = checkpoints.advanceStable();
        if (found != null) {
            found.forEach(e -> report(e, out));
            long stable = checkpoints.stableSlot();
            out.notice(new Notice(Kind.CHECKPOINT_STABLE, stable, -1, ""));
            if (stable <= decidedPrefix) {
                trimDecisionLog();
            }
        }
        fetchIfBehind(out);
    }

    private boolean isProvenFaulty(int replica) {
        return (provenFaulty & (1L << replica)) != 0;
    }

    private void report(Evidence e, Effects out) {
        if (e == null) {
            return;
        }
        if (e.culprit() != me) {
            if (isProvenFaulty(e.culprit())) {
                return;
            }
            provenFaulty |= 1L << e.culprit();
        }
        evidenceCount++;
        if (e.culprit() == me) {
            // Only a replica whose execution went wrong contradicts a quorum of its peers.
            out.notice(new Notice(Kind.STATE_DIVERGED, e.slot(), me, e.detail()));
        }
        out.evidence(e);
    }

    /**
     * Decisions are kept until a stable checkpoint covers them, with one window to spare for
     * peers just behind it, and never more than {@code decisionRetention}: a replica further
     * behind fetches the checkpoint's state instead.
     */
    private void trimDecisionLog() {
        long stable = Math.min(checkpoints.stableSlot(), decidedPrefix);
        long keepAfter = Math.max(stable - window, decidedPrefix - settings.decisionRetention());
        decisionLog.headMap(keepAfter, true).clear();
    }

    // ---------------------------------------------------------------- state transfer

    /**
     * Starts fetching the state of the highest certified checkpoint when it is at least a
     * window ahead: peers keep the decisions after their stable checkpoint, so a replica less
     * far behind catches up from decisions, which is cheaper. Not all of them do, though: a
     * replica that installed a snapshot, or recovered from one after a crash, has no
     * decisions before it. So a certified checkpoint ahead is also fetched once the decided
     * prefix has stood still for {@value #STUCK_TIMEOUTS} base timeouts.
     */
    private void fetchIfBehind(Effects out) {
        if (fetch != null) {
            return;
        }
        CheckpointVotes.Certified target = checkpoints.highestCertified();
        boolean stuck = now - prefixMovedAt >= STUCK_TIMEOUTS * settings.viewChangeTimeoutMillis();
        if (target == null || target.slot() <= decidedPrefix || (target.slot() < decidedPrefix + window && !stuck)) {
            return;
        }
        List<Integer> candidates = new ArrayList<>(target.signers());
        candidates.remove((Integer) me);
        for (int r = 0; r < quorums.n(); r++) {
            if (r != me && !candidates.contains(r)) {
                candidates.add(r);
            }
        }
        out.notice(new Notice(Kind.STATE_TRANSFER_STARTED, target.slot(), -1, "decided prefix is " + decidedPrefix
                + "; fetching checkpoint " + target.digest().shortHex()));
        fetch = new StateFetch(target.slot(), target.digest(), candidates, quorums.n(),
                settings.viewChangeTimeoutMillis(), now);
        fetch.tick(now, out);
    }

    private void onChunk(int from, SnapshotChunk chunk, Effects out) {
        if (fetch == null) {
            return;
        }
        fetch.onChunk(from, chunk, now, out);
        if (fetch.complete()) {
            install(fetch, out);
        }
    }

    private void install(StateFetch done, Effects out) {
        fetch = null;
        Snapshot snapshot = done.result();
        long slot = snapshot.slot();
        if (slot <= decidedPrefix) {
            return;
        }
        try {
            adoptProtocolState(snapshot);
        } catch (CodecException | RuntimeException e) {
            // The digest was certified by t + 1 replicas, so a correct one produced these
            // bytes: unreadable means this build cannot read them, not that a peer lied.
            out.notice(new Notice(Kind.STATE_DIVERGED, slot, -1, "cannot read the certified snapshot: "
                    + e.getMessage()));
            return;
        }
        installAt(snapshot, out);
        stateTransfers++;
        stateBytes += snapshot.totalBytes();
        lastStateTransferMillis = now - done.startedAt();
        out.notice(new Notice(Kind.STATE_INSTALLED, slot, -1, snapshot.totalBytes() + " bytes in "
                + lastStateTransferMillis + " ms"));
        onSnapshotTaken(slot, snapshot.digest(), out);
        for (Event.FromReplica held : future.release(decidedPrefix + window)) {
            handleReplicaMessage(held, out);
        }
        deliverReady(out);
        catchUpIfBehind(out);
    }

    /**
     * Reads the core's part of a snapshot into the proposer schedule and the ordered-request
     * windows. Decoded once into scratch objects, so that a failure leaves this replica as it
     * was; then again into the live ones, which cannot fail any more.
     */
    private void adoptProtocolState(Snapshot snapshot) throws CodecException {
        byte[] state = StateImage.readHeader(snapshot).protocolState();
        WireReader probe = new WireReader(state);
        new ProposerSchedule(quorums, window, settings.rejoinBackoffSlots()).readFrom(probe);
        new ClientWindows(settings.clientWindow()).readFrom(probe);
        ReplicaKeys restoredKeys = ReplicaKeys.readFrom(probe, quorums.n());
        probe.expectEnd("protocol state");
        WireReader in = new WireReader(state);
        schedule.readFrom(in);
        ordered.readFrom(in);
        keys = restoredKeys;
        ownSlotsChanged();
    }

    /** Moves the decided prefix to the snapshot's slot and hands the snapshot to execution. */
    private void installAt(Snapshot snapshot, Effects out) {
        long slot = snapshot.slot();
        decidedPrefix = slot;
        prefixMovedAt = now;
        slots.headMap(slot, true).clear();
        decisionLog.clear();
        ownOpenProposals.headSet(slot, true).clear();
        parkedOn.clear();
        pool.reassign(schedule.latestActive());
        pool.afterInstall(slot, key -> ordered.standing(key.clientId(), key.seq()) != Standing.NEW);
        pendingRejoins.values().removeIf(j -> schedule.suspendedAt(j.replicaId()) != j.suspendedAt());
        highestCommitSent = Math.max(highestCommitSent, slot);
        out.install(snapshot);
    }

    // ---------------------------------------------------------------- crash recovery

    /**
     * Restarts this replica from what an earlier incarnation left on its own disk, before
     * any other event: the latest snapshot it took (or null), the decided batches it kept
     * (those after the snapshot consecutive, replayed through execution, which is
     * deterministic; those before it served to peers that need them), and the latest
     * vote record of each slot (of decided slots too: peers may need those votes). Afterwards the replica stands where it stood when it
     * crashed, less the traffic it had not answered yet, and it never contradicts what it
     * sent before.
     *
     * @throws IllegalStateException when the core already processed events
     * @throws IllegalArgumentException when the snapshot cannot be read or the batches do
     *     not follow it; the caller must not start this replica from that disk
     */
    public void recover(Snapshot snapshot, List<Batch> decided, Collection<VoteRecord> votes, long nowMillis,
            Effects out) {
        if (decidedPrefix != 0 || !slots.isEmpty()) {
            throw new IllegalStateException("recovery must come before any other event");
        }
        now = Math.max(now, nowMillis);
        if (snapshot != null) {
            try {
                adoptProtocolState(snapshot);
            } catch (CodecException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the local snapshot of slot " + snapshot.slot() + ": "
                        + e.getMessage(), e);
            }
            installAt(snapshot, out);
            onSnapshotTaken(snapshot.slot(), snapshot.digest(), out);
        }
        long expected = decidedPrefix + 1;
        for (Batch b : decided) {
            if (b.slot() <= decidedPrefix) {
                // Covered by the snapshot, kept for peers just behind it: a replica that
                // recovered is often the only correct one left holding these decisions.
                decisionLog.put(b.slot(), b);
                continue;
            }
            if (b.slot() != expected) {
                throw new IllegalArgumentException("the local log continues at slot " + b.slot() + ", not " + expected);
            }
            SlotState slot = slotFor(expected++);
            slot.batches.put(b.digest(), b);
            slot.decided = b;
        }
        deliverReady(out);
        long restoredFrom = decidedPrefix;
        for (VoteRecord r : votes) {
            if (r.slot() > restoredFrom && r.slot() <= restoredFrom + 2L * window) {
                restoreVotes(slotFor(r.slot()), r);
            } else if (slots.containsKey(r.slot())) {
                // Decided (replayed), maybe not yet at peers, which may need this replica's
                // votes to finish the slot, as they would have before the crash. It must then
                // report what it committed, not a blank state, which could unbind the
                // decided value.
                restoreVotes(slots.get(r.slot()), r);
            }
        }
        // A lone replica's own commit is a quorum: what it committed is decided (its decided
        // record may not have reached the disk before the crash).
        for (SlotState slot : new ArrayList<>(slots.tailMap(restoredFrom, false).values())) {
            if (slot.committedView >= 0 && slot.valTs == ViewChangeRules.ts(slot.committedView)) {
                checkCommitted(slot, slot.committedView, slot.valDigest, out);
            }
        }
        out.notice(new Notice(Kind.RECOVERED, decidedPrefix, me, "from the local disk: snapshot "
                + (snapshot == null ? "none" : "of slot " + snapshot.slot()) + ", " + decided.size()
                + " decided batches replayed, " + votes.size() + " vote records"));
        persistChangedVotes(out);
    }

    private void restoreVotes(SlotState slot, VoteRecord r) {
        slot.restore(r);
        // This replica's own votes count towards the quorums it sees, as they did before.
        for (Map.Entry<Digest, Integer> write : slot.writeSet.entrySet()) {
            if (write.getValue() == ViewChangeRules.ts(slot.preparedView)) {
                slot.prepares.add(slot.preparedView, write.getKey(), me);
            }
        }
        if (slot.committedView >= 0 && slot.valTs == ViewChangeRules.ts(slot.committedView)) {
            slot.commits.add(slot.committedView, slot.valDigest, me);
            highestCommitSent = Math.max(highestCommitSent, slot.slot);
        }
        if (slot.view > 0) {
            // The state it signed for this view, signed again over the same content, so it
            // can be resent to peers still changing views.
            slot.ownState = signedState(slot);
            slot.viewStates.put(me, slot.ownState.withoutBatch());
            slot.lastResentAt = now - settings.viewChangeTimeoutMillis();
        }
        slot.awaitedSince = now;
        noteActive(slot.slot);
    }

    /** The vote records of every open slot, for a durable log that starts a new segment. */
    public List<VoteRecord> openVoteRecords() {
        List<VoteRecord> records = new ArrayList<>();
        for (SlotState slot : slots.tailMap(decidedPrefix, false).values()) {
            if (!slot.isDecided() && (slot.preparedView >= 0 || slot.view > 0 || slot.proposedHere)) {
                records.add(slot.voteRecord());
            }
        }
        return records;
    }

    private void votesChanged(SlotState slot) {
        if (!slot.votesChanged) {
            slot.votesChanged = true;
            changedVotes.add(slot);
        }
    }

    private void persistChangedVotes(Effects out) {
        if (changedVotes.isEmpty()) {
            return;
        }
        for (SlotState slot : changedVotes) {
            slot.votesChanged = false;
            out.persist(slot.voteRecord());
        }
        changedVotes.clear();
    }


    /**
     * When at least {@code t + 1} peers (so a correct one) work on slots beyond this
     * replica's window, it cannot keep up through normal traffic: ask for decisions.
     */
    private void catchUpIfBehind(Effects out) {
        probeWhenIdle(out);
        long vouchedHigh = vouchedHigh();
        if (vouchedHigh > decidedPrefix + window && now - lastCatchUpAt >= settings.viewChangeTimeoutMillis() / 4) {
            lastCatchUpAt = now;
            out.notice(new Notice(Kind.CATCHING_UP, decidedPrefix + 1, -1, "peers are at slot " + vouchedHigh));
            out.broadcast(new DecisionQuery(decidedPrefix + 1));
        }
    }

    /**
     * Traffic tells a replica that it fell behind, but there is none when the service is
     * idle: a replica that just restarted, or missed the last decisions before a lull, would
     * never learn. So while the decided prefix stands still, the replica asks its peers for
     * what follows now and then (answers are empty when it is up to date).
     */
    private void probeWhenIdle(Effects out) {
        if (decidedPrefix != prefixAtLastProbe) {
            prefixAtLastProbe = decidedPrefix;
            lastProbeAt = now;
            return;
        }
        if (now - lastProbeAt >= IDLE_PROBE_TIMEOUTS * settings.viewChangeTimeoutMillis()) {
            lastProbeAt = now;
            out.broadcast(new DecisionQuery(decidedPrefix + 1));
        }
    }

    /** The highest slot that at least {@code t + 1} peers sent messages about. */
    private long vouchedHigh() {
        long[] highs = peerHigh.clone();
        Arrays.sort(highs);
        return highs[highs.length - quorums.vouch()];
    }

    // ---------------------------------------------------------------- leader adjustment

    private void onRejoinRequest(int from, RejoinRequest j, Effects out) {
        if (j.replicaId() != from || schedule.suspendedAt(from) != j.suspendedAt()
                || !keys.verify(from, decidedPrefix + 1, SignedContent.rejoin(from, j.suspendedAt()), j.signature())) {
            return;
        }
        pendingRejoins.put(from, j);
        tryPropose(out);
    }

    private void askToRejoinIfSuspended(Effects out) {
        long suspendedAt = schedule.suspendedAt(me);
        if (suspendedAt < 0 || decidedPrefix + 1 < schedule.rejoinEligibleAt(me)
                || now - lastRejoinAt < settings.viewChangeTimeoutMillis()
                || !speaksFor(decidedPrefix + 1) || fetch != null || vouchedHigh() > decidedPrefix + window) {
            // A retired incarnation never asks, and a refreshed one only once it has
            // recovered the state and caught up: until then it is one of the r recovering.
            return;
        }
        lastRejoinAt = now;
        byte[] signature = signer.sign(SignedContent.rejoin(me, suspendedAt));
        out.broadcast(new RejoinRequest(me, suspendedAt, signature));
    }

    // ---------------------------------------------------------------- bookkeeping

    /**
     * Decides what to do with a message for slot {@code s}: true to process it now. Recent
     * past slots are still served (peers that have not decided them may need our votes);
     * older ones are not. Slots just beyond the window are held when {@code hold} (they need
     * the proposer schedule, which is only final inside the window), and anything further
     * is dropped.
     */
    private boolean admit(long s, int from, Message m, boolean hold) {
        if (s <= decidedPrefix) {
            return s > decidedPrefix - retainedSlots && slots.containsKey(s);
        }
        if (s <= decidedPrefix + 2L * window) {
            peerHigh[from] = Math.max(peerHigh[from], s);
        } else {
            peerHigh[from] = Math.max(peerHigh[from], decidedPrefix + 2L * window + 1);
            return false;
        }
        if (s <= decidedPrefix + window) {
            return true;
        }
        if (hold) {
            future.hold(s, handling);
            return false;
        }
        return true;
    }

    private SlotState slotFor(long s) {
        SlotState slot = slots.get(s);
        if (slot == null) {
            slot = new SlotState(s, 4 * quorums.n());
            slots.put(s, slot);
        }
        return slot;
    }

    private void noteActive(long s) {
        if (s > highestActiveSlot) {
            highestActiveSlot = s;
        }
    }

    /** The proposer schedule with a small cache for the open slots (looked up constantly). */
    private int leader(long slot, int view) {
        if (view != 0) {
            return schedule.leader(slot, view);
        }
        int i = (int) (slot % leaderCache.length);
        if (leaderCacheSlot[i] != slot) {
            leaderCache[i] = schedule.leader(slot, 0);
            leaderCacheSlot[i] = slot;
        }
        return leaderCache[i];
    }

    // ---------------------------------------------------------------- inspection

    public CoreStatus status() {
        return new CoreStatus(me, epoch(), decidedPrefix, schedule.suspended(), viewChanges, pool.size(),
                checkpoints.stableSlot(), evidenceCount, stateTransfers, stateBytes, lastStateTransferMillis);
    }

    public int id() {
        return me;
    }

    /** The epoch of the next slot to decide. */
    public long epoch() {
        return keys.epochAt(decidedPrefix + 1);
    }

    public long decidedPrefix() {
        return decidedPrefix;
    }

    /** Evidence records this replica produced. */
    public long evidenceCount() {
        return evidenceCount;
    }

    /** The slot of the latest stable checkpoint, or 0. */
    public long stableCheckpoint() {
        return checkpoints.stableSlot();
    }

    /** Whether a state fetch is in progress. */
    public boolean fetchingState() {
        return fetch != null;
    }

    public long viewChanges() {
        return viewChanges;
    }

    public List<Integer> suspended() {
        return schedule.suspended();
    }

    /** The decided batch of a delivered slot still retained, or null. */
    public Batch decidedBatch(long slot) {
        return decisionLog.get(slot);
    }

    /** Open slot count, pool size and buffered messages: for tests that check memory stays bounded. */
    public String describe() {
        SlotState next = slots.get(decidedPrefix + 1);
        return "r" + me + ": decided=" + decidedPrefix + " slots=" + slots.size() + " pool=" + pool.size()
                + " future=" + future.size() + " log=" + decisionLog.size() + " viewChanges=" + viewChanges
                + " suspended=" + schedule.suspended() + " activeHigh=" + highestActiveSlot + " vouchedHigh="
                + vouchedHigh() + " peerHigh=" + Arrays.toString(peerHigh)
                + (next == null ? "" : " next=" + next.describe());
    }
}
