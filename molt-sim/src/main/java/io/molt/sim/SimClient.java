package io.molt.sim;

import io.molt.core.message.Message;
import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import io.molt.core.message.Request;
import io.molt.core.quorum.Quorums;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A closed-loop client in the simulator, doing what the real client library does: send
 * each request to every replica, accept an ordered result on {@code t + 1} matching
 * replies and a query result on {@code 2t + r + 1}, retransmit on timeout, and fall back to
 * ordering for a query that does not gather its quorum.
 */
final class SimClient implements SimNetwork.ClientEnd {

    /** One finished operation, for the consistency checks. */
    record Completed(boolean increment, long invokedAt, long completedAt, long value) {}

    private static final class Pending {
        /** Changes once, when a query falls back to ordering under a fresh number. */
        long seq;
        final long invokedAt;
        /** The operation reads the counter (otherwise it increments it). */
        final boolean isRead;
        /** Sent as a query without ordering; false once it falls back to ordering. */
        boolean readOnly;
        int attempt;
        final Map<Integer, Reply> replies = new HashMap<>();

        Pending(long seq, long invokedAt, boolean isRead) {
            this.seq = seq;
            this.invokedAt = invokedAt;
            this.isRead = isRead;
            this.readOnly = isRead;
        }
    }

    private final long id;
    private final Quorums quorums;
    private final SimNetwork network;
    private final SimScheduler scheduler;
    private final Random random;
    private final int operations;
    private final int concurrency;
    private final long retryMillis;
    private final double readShare;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final List<Completed> history = new ArrayList<>();
    private long nextSeq = 1;
    private int started;

    SimClient(long id, Quorums quorums, SimNetwork network, SimScheduler scheduler, Random random, int operations,
            int concurrency, long retryMillis, double readShare) {
        this.id = id;
        this.quorums = quorums;
        this.network = network;
        this.scheduler = scheduler;
        this.random = random;
        this.operations = operations;
        this.concurrency = concurrency;
        this.retryMillis = retryMillis;
        this.readShare = readShare;
    }

    void start() {
        for (int i = 0; i < concurrency; i++) {
            issue();
        }
    }

    private void issue() {
        if (started == operations) {
            return;
        }
        started++;
        boolean read = random.nextDouble() < readShare;
        Pending p = new Pending(nextSeq++, scheduler.now(), read);
        pending.put(p.seq, p);
        transmit(p);
    }

    private void transmit(Pending p) {
        byte[] payload = {p.isRead ? SimService.READ : SimService.INCREMENT};
        Request request = new Request(id, p.seq, p.readOnly, payload);
        for (int r = 0; r < quorums.n(); r++) {
            network.clientToReplica(id, r, request);
        }
        int attempt = ++p.attempt;
        scheduler.after(retryMillis, () -> onTimeout(p, attempt));
    }

    private void onTimeout(Pending p, int attempt) {
        if (pending.get(p.seq) != p || p.attempt != attempt) {
            return;
        }
        if (p.readOnly) {
            // No quorum agreed on the query: order it instead, as the client library does,
            // under a fresh number so late answers to the query cannot count.
            pending.remove(p.seq);
            p.readOnly = false;
            p.replies.clear();
            p.seq = nextSeq++;
            pending.put(p.seq, p);
        }
        transmit(p);
    }

    @Override
    public void fromReplica(int from, Message m) {
        if (!(m instanceof Reply reply) || reply.clientId() != id) {
            return;
        }
        Pending p = pending.get(reply.seq());
        if (p == null || reply.status() == ReplyStatus.BUSY) {
            return;
        }
        if (reply.status() == ReplyStatus.REJECTED) {
            throw new InvariantViolation("client " + id + " request " + reply.seq() + " rejected by replica " + from
                    + ": " + new String(reply.result(), java.nio.charset.StandardCharsets.UTF_8));
        }
        p.replies.put(from, reply);
        int matching = 0;
        for (Reply other : p.replies.values()) {
            if (matches(reply, other, p.readOnly)) {
                matching++;
            }
        }
        boolean done = p.readOnly ? quorums.isAgreementQuorum(matching) : quorums.vouches(matching);
        if (done) {
            pending.remove(p.seq);
            history.add(new Completed(!p.isRead, p.invokedAt, scheduler.now(),
                    ByteBuffer.wrap(reply.result()).getLong()));
            issue();
        }
    }

    private static boolean matches(Reply a, Reply b, boolean readOnly) {
        return a.status() == b.status() && Arrays.equals(a.result(), b.result())
                && (readOnly || (a.slot() == b.slot() && a.epoch() == b.epoch()));
    }

    boolean finished() {
        return history.size() == operations;
    }

    long id() {
        return id;
    }

    List<Completed> history() {
        return history;
    }

    int outstanding() {
        return pending.size();
    }
}
