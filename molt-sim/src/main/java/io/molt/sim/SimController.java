package io.molt.sim;

import io.molt.core.codec.CodecException;
import io.molt.core.crypto.Digest;
import io.molt.core.crypto.Ed25519;
import io.molt.core.crypto.Signer;
import io.molt.core.message.EpochChange;
import io.molt.core.message.EpochChangeReply;
import io.molt.core.message.Message;
import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import io.molt.core.protocol.ReplicaKeys;
import io.molt.core.quorum.Quorums;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The refresh controller in the simulator, doing what the real one does: for epoch
 * {@code e} it refreshes replica {@code e mod n}. It signs the epoch change with the
 * authority's key, hands it to every replica as a client (again until answered), and once
 * {@code t + 1} replicas report the epoch in effect it kills the old process and starts a
 * fresh one with the new key, no state and no disk of the old one's. It starts the next
 * refresh only once {@code t + 1} replicas have reinstated the refreshed one as a proposer
 * (it recovered), so that at most one replica is recovering at a time.
 */
final class SimController implements SimNetwork.ClientEnd {
    /** The client id the controller uses. */
    static final long CLIENT_ID = 99;
    private static final long RESEND_MILLIS = 200;
    private static final long POLL_MILLIS = 20;

    /** What the simulation does for the controller: the swap itself, and looking at replicas. */
    interface Platform {
        /** Kills {@code replica}'s process and starts a fresh one with {@code key} as incarnation {@code epoch}. */
        void swap(int replica, long epoch, byte[] privateKey, ReplicaKeys keys);

        /** Replicas (t + 1 needed) whose state says {@code replica} is a proposer again as of {@code epoch}. */
        int reportingLive(int replica, long epoch);

        /** Replicas currently recovering from a refresh (not yet reinstated), for the invariant. */
        int recovering();
    }

    private final long seed;
    private final Quorums quorums;
    private final SimNetwork network;
    private final SimScheduler scheduler;
    private final Platform platform;
    private final Signer authority;
    private final int refreshes;
    private final long periodMillis;

    private ReplicaKeys keys;
    private long epoch;
    private EpochChange pending;
    /** Replies for the pending epoch change, by replica: where each says the epoch started. */
    private final Map<Integer, EpochChangeReply> answers = new HashMap<>();
    private int completed;
    private long maxRecoveryMillis;
    private boolean done;

    SimController(long seed, Quorums quorums, SimNetwork network, SimScheduler scheduler, Platform platform,
            byte[] authorityPrivateKey, ReplicaKeys initialKeys, int refreshes, long periodMillis) {
        this.seed = seed;
        this.quorums = quorums;
        this.network = network;
        this.scheduler = scheduler;
        this.platform = platform;
        this.authority = Ed25519.signer(authorityPrivateKey);
        this.keys = initialKeys;
        this.refreshes = refreshes;
        this.periodMillis = periodMillis;
        this.done = refreshes == 0;
    }

    /** The authority's private key, derived from the run's seed. */
    static byte[] authorityKey(long seed) {
        return Digest.sha256(ByteBuffer.allocate(16).putLong(seed).putLong(-1).array()).toBytes();
    }

    /** The private key replica {@code replica} gets in epoch {@code epoch}, derived from the seed. */
    static byte[] refreshedKey(long seed, int replica, long epoch) {
        return Digest.sha256(ByteBuffer.allocate(20).putLong(seed).putInt(replica).putLong(epoch).array()).toBytes();
    }

    void start(long at) {
        if (!done) {
            scheduler.at(at, this::beginRefresh);
        }
    }

    private void beginRefresh() {
        epoch++;
        int replica = (int) (epoch % quorums.n());
        byte[] privateKey = refreshedKey(seed, replica, epoch);
        List<EpochChange.Refresh> list = List.of(new EpochChange.Refresh(replica, Ed25519.publicKeyOf(privateKey),
                ByteBuffer.allocate(8).putLong(epoch).array()));
        pending = new EpochChange(epoch, Long.MAX_VALUE, list,
                authority.sign(EpochChange.signedContent(epoch, Long.MAX_VALUE, list)));
        answers.clear();
        sendPending(epoch);
    }

    private void sendPending(long forEpoch) {
        if (pending == null || pending.epoch() != forEpoch) {
            return;
        }
        for (int r = 0; r < quorums.n(); r++) {
            network.clientToReplica(CLIENT_ID, r, pending);
        }
        scheduler.after(RESEND_MILLIS, () -> sendPending(forEpoch));
    }

    @Override
    public void fromReplica(int from, Message m) {
        if (!(m instanceof Reply reply) || pending == null || reply.seq() != pending.epoch()) {
            return;
        }
        if (reply.status() != ReplyStatus.OK) {
            return; // say a replica that has not executed the previous epoch change yet: others answer
        }
        EpochChangeReply answer;
        try {
            answer = EpochChangeReply.decode(reply.result());
        } catch (CodecException e) {
            return; // a faulty replica's garbage; the others will answer
        }
        if (answer.epoch() != pending.epoch()) {
            return;
        }
        answers.put(from, answer);
        long agreeing = answers.values().stream().filter(answer::equals).count();
        if (agreeing >= quorums.vouch()) {
            EpochChange change = pending;
            pending = null;
            swap(change, answer);
        }
    }

    private void swap(EpochChange change, EpochChangeReply where) {
        keys = keys.with(change, where.executedAt(), where.firstSlot());
        EpochChange.Refresh refresh = change.refreshes().get(0);
        platform.swap(refresh.replicaId(), change.epoch(), refreshedKey(seed, refresh.replicaId(), change.epoch()),
                keys);
        checkRecovering();
        long swappedAt = scheduler.now();
        scheduler.after(POLL_MILLIS, () -> awaitRecovery(refresh.replicaId(), change.epoch(), swappedAt));
    }

    private void awaitRecovery(int replica, long forEpoch, long swappedAt) {
        checkRecovering();
        if (platform.reportingLive(replica, forEpoch) < quorums.vouch()) {
            scheduler.after(POLL_MILLIS, () -> awaitRecovery(replica, forEpoch, swappedAt));
            return;
        }
        maxRecoveryMillis = Math.max(maxRecoveryMillis, scheduler.now() - swappedAt);
        completed++;
        if (completed >= refreshes) {
            done = true;
            return;
        }
        scheduler.after(periodMillis, this::beginRefresh);
    }

    /** At most {@code max(r, 1)} replicas recover from a refresh at any time. */
    private void checkRecovering() {
        int recovering = platform.recovering();
        if (recovering > Math.max(quorums.r(), 1)) {
            throw new InvariantViolation("refresh: " + recovering + " replicas recovering at once, more than r = "
                    + quorums.r());
        }
    }

    boolean done() {
        return done;
    }

    int completed() {
        return completed;
    }

    /** The longest a refreshed replica took from its start to being reinstated, in simulated ms. */
    long maxRecoveryMillis() {
        return maxRecoveryMillis;
    }
}
