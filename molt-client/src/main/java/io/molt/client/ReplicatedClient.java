package io.molt.client;

import io.molt.api.client.ClientClosedException;
import io.molt.api.client.MoltClient;
import io.molt.api.client.MoltException;
import io.molt.api.client.MoltTimeoutException;
import io.molt.api.client.RequestRejectedException;
import io.molt.api.client.ServiceErrorException;
import io.molt.core.codec.CodecException;
import io.molt.core.codec.MessageCodec;
import io.molt.core.id.PeerId;
import io.molt.core.message.EpochChange;
import io.molt.core.message.EpochChangeReply;
import io.molt.core.message.KeyQuery;
import io.molt.core.message.KeyReport;
import io.molt.core.message.Message;
import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import io.molt.core.message.Request;
import io.molt.core.message.StatusQuery;
import io.molt.core.message.StatusReport;
import io.molt.core.quorum.Quorums;
import io.molt.net.ClientTransport;
import io.molt.net.FrameListener;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client library: sends each operation to every replica over mutually authenticated
 * channels and completes it by reply synthesis ({@link ReplyQuorum}). Thread-safe; many
 * operations may be in flight. Futures complete on a network thread, so callbacks attached
 * to them should be short (or use the {@code *Async} variants of {@link CompletableFuture}).
 */
public final class ReplicatedClient implements MoltClient {
    private static final Logger log = LoggerFactory.getLogger(ReplicatedClient.class);

    private final ClientOptions options;
    private final Quorums quorums;
    private final long clientId;
    private final MessageCodec codec;
    private final SequenceNumbers seqs;
    private final Map<Long, Operation> pending = new ConcurrentHashMap<>();
    /** Status queries waiting, by nonce; each only for the replica it was sent to. */
    private final Map<Long, StatusQueryInFlight> statusQueries = new ConcurrentHashMap<>();

    private record StatusQueryInFlight(int replica, CompletableFuture<StatusReport> future) {}
    /** Epoch changes being ordered, by epoch (their replies carry the epoch as sequence number). */
    private final Map<Long, EpochOrder> epochOrders = new ConcurrentHashMap<>();
    private final AtomicLong statusNonce = new AtomicLong();
    private final Semaphore inFlight;
    private final HashedWheelTimer timer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ClientTransport transport;
    /** Which key speaks for each replica, as learned from the replicas; admits their certificates. */
    private final ReplicaIncarnations incarnations;
    private final KeyLearning keyLearning;
    /** Frames dropped because the incarnation that sent them was retired since its connection was admitted. */
    private final AtomicLong retiredFrames = new AtomicLong();

    private ReplicatedClient(ClientOptions options) throws IOException {
        this.options = options;
        this.quorums = options.quorums();
        this.clientId = ((PeerId.Client) options.credentials().self()).id();
        this.codec = new MessageCodec(options.codecLimits());
        this.inFlight = new Semaphore(options.maxInFlight());
        this.seqs = new SequenceNumbers(System.currentTimeMillis(), 2L * options.maxInFlight());
        this.timer = new HashedWheelTimer(r -> {
            Thread t = new Thread(r, "molt-client-" + clientId + "-timer");
            t.setDaemon(true);
            return t;
        }, 5, TimeUnit.MILLISECONDS);
        this.incarnations = new ReplicaIncarnations(quorums.n());
        this.keyLearning = new KeyLearning(clientId, incarnations, quorums, this::sendKeyQuery,
                this::afterRequestTimeout, this::readmitReplicas);
        this.transport = ClientTransport.connect(options.credentials(), options.replicas(), options.transport(),
                new Inbound(), incarnations);
    }

    /** Connects to every replica (in the background) and returns at once. */
    public static ReplicatedClient connect(ClientOptions options) throws IOException {
        if (!(options.credentials().self() instanceof PeerId.Client)) {
            throw new IllegalArgumentException("client credentials needed, not " + options.credentials().self());
        }
        return new ReplicatedClient(options);
    }

    public long clientId() {
        return clientId;
    }

    @Override
    public CompletableFuture<byte[]> invokeAsync(byte[] operation) {
        return submit(operation, false);
    }

    @Override
    public CompletableFuture<byte[]> queryAsync(byte[] query) {
        return submit(query, true);
    }

    private CompletableFuture<byte[]> submit(byte[] payload, boolean query) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new ClientClosedException("client " + clientId + " is closed"));
        }
        if (payload.length > options.codecLimits().maxPayloadBytes()) {
            // The replicas would drop it unread; say why at once instead of timing out.
            return CompletableFuture.failedFuture(new RequestRejectedException("a request of " + payload.length
                    + " bytes exceeds the limit of " + options.codecLimits().maxPayloadBytes() + " bytes"));
        }
        long seq;
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new MoltException("interrupted while waiting to send", e));
        }
        try {
            seq = seqs.acquire();
        } catch (InterruptedException e) {
            inFlight.release();
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new MoltException("interrupted while waiting to send", e));
        }
        Operation op = new Operation(seq, payload, query);
        op.future.whenComplete((r, e) -> inFlight.release());
        pending.put(op.seq, op);
        if (closed.get()) {
            fail(op, new ClientClosedException("client " + clientId + " is closed"));
        } else {
            transmit(op);
        }
        return op.future;
    }

    /** One operation in flight. Its fields are guarded by its own monitor. */
    private final class Operation {
        /** Changes once, when a query falls back to ordering under a fresh number. */
        long seq;
        final byte[] payload;
        final CompletableFuture<byte[]> future = new CompletableFuture<>();
        final ReplyQuorum replies = new ReplyQuorum();
        boolean query;
        int attempts;
        Timeout timeout;
        /** The request as last transmitted; null before the first transmission. */
        byte[] frame;

        Operation(long seq, byte[] payload, boolean query) {
            this.seq = seq;
            this.payload = payload;
            this.query = query;
        }
    }

    private void transmit(Operation op) {
        byte[] frame;
        synchronized (op) {
            if (op.future.isDone()) {
                return;
            }
            op.attempts++;
            frame = codec.encode(new Request(clientId, op.seq, op.query, op.payload));
            op.frame = frame;
            op.timeout = timer.newTimeout(t -> onTimeout(op), options.requestTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        sendToEveryReplica(frame);
    }

    private void sendToEveryReplica(byte[] frame) {
        for (int r = 0; r < quorums.n(); r++) {
            transport.send(r, frame);
        }
    }

    private void sendKeyQuery(KeyQuery query) {
        sendToEveryReplica(codec.encode(query));
    }

    private void afterRequestTimeout(Runnable action) {
        if (closed.get()) {
            return;
        }
        timer.newTimeout(t -> action.run(), options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes the connections of retired incarnations, once a refreshed replica's new key was learned. */
    private void readmitReplicas() {
        int closed = transport.readmit();
        if (closed > 0) {
            log.info("client {}: closed {} connections with retired replica keys", clientId, closed);
        }
    }

    /**
     * Sends every outstanding request to a replica that has just become reachable. Sends to a
     * replica without a connection are dropped, so without this an operation started before
     * the connections were up (the first one of every new client) would wait a whole request
     * timeout for its retry, and a query would fall back to ordering.
     */
    private void resendOutstanding(int replica) {
        for (Operation op : pending.values()) {
            byte[] frame;
            synchronized (op) {
                frame = op.future.isDone() ? null : op.frame;
            }
            if (frame != null) {
                transport.send(replica, frame);
            }
        }
    }

    private void onTimeout(Operation op) {
        boolean retry;
        synchronized (op) {
            if (op.future.isDone()) {
                return;
            }
            if (op.query) {
                // No quorum agreed on the query in time: order it instead.
                fallBackToOrdering(op);
                retry = true;
            } else {
                retry = op.attempts < options.maxAttempts();
            }
        }
        if (retry) {
            transmit(op);
        } else {
            fail(op, new MoltTimeoutException("no " + quorums.vouch() + " matching replies for request " + op.seq
                    + " of client " + clientId + " after " + op.attempts + " attempts of "
                    + options.requestTimeout().toMillis() + " ms"));
        }
    }

    private void onReply(int replica, Reply reply) {
        Operation op = pending.get(reply.seq());
        if (reply.clientId() != clientId) {
            return;
        }
        if (op == null) {
            EpochOrder order = epochOrders.get(reply.seq());
            if (order != null) {
                order.onReply(replica, reply);
            }
            return;
        }
        Reply agreed;
        boolean fallBack = false;
        long vouchedEpoch = -1;
        synchronized (op) {
            if (op.future.isDone() || op.seq != reply.seq()) {
                return;
            }
            int needed = op.query ? quorums.agreement() : quorums.vouch();
            agreed = op.replies.add(replica, reply, needed, op.query);
            if (agreed != null) {
                vouchedEpoch = op.replies.vouchedEpoch(agreed, quorums.vouch(), op.query);
            }
            if (agreed == null && op.query && !op.replies.canStillReach(needed, quorums.n())) {
                op.timeout.cancel();
                fallBackToOrdering(op);
                fallBack = true;
            }
        }
        if (fallBack) {
            transmit(op);
        } else if (agreed != null) {
            complete(op, agreed);
            keyLearning.vouched(vouchedEpoch);
        }
    }

    /**
     * Turns a query into an ordered request. It takes a fresh sequence number, so late
     * answers to the query can never be counted as replies to the ordered request.
     */
    private void fallBackToOrdering(Operation op) {
        pending.remove(op.seq);
        op.query = false;
        op.replies.clear();
        op.seq = seqs.replace(op.seq);
        pending.put(op.seq, op);
    }

    private void complete(Operation op, Reply agreed) {
        pending.remove(op.seq);
        seqs.release(op.seq);
        synchronized (op) {
            if (op.timeout != null) {
                op.timeout.cancel();
            }
        }
        String text = new String(agreed.result(), StandardCharsets.UTF_8);
        switch (agreed.status()) {
            case OK -> op.future.complete(agreed.result());
            case SERVICE_ERROR -> op.future.completeExceptionally(new ServiceErrorException(text));
            case REJECTED -> op.future.completeExceptionally(new RequestRejectedException(text));
            case BUSY -> throw new AssertionError("busy replies never complete an operation");
        }
    }

    private void fail(Operation op, MoltException e) {
        pending.remove(op.seq);
        seqs.release(op.seq);
        synchronized (op) {
            if (op.timeout != null) {
                op.timeout.cancel();
            }
        }
        op.future.completeExceptionally(e);
    }

    /**
     * Has the replicas order a controller-signed epoch change (the controller's one write)
     * and completes with where it took effect once {@code t + 1} replicas report the same
     * (reply synthesis: one of them is correct). Sent to every replica, and again every
     * request timeout, until answered or {@code patience} has passed. Refusals do not end
     * it: a correct replica that has not yet executed the previous epoch refuses the next,
     * and the others still answer. One epoch change per epoch at a time.
     */
    public CompletableFuture<EpochChangeReply> orderEpochChange(EpochChange change, java.time.Duration patience) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new ClientClosedException("client " + clientId + " is closed"));
        }
        EpochOrder order = new EpochOrder(change, System.nanoTime() + patience.toNanos());
        if (epochOrders.putIfAbsent(change.epoch(), order) != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("epoch " + change.epoch()
                    + " is already being ordered"));
        }
        order.future.whenComplete((r, e) -> epochOrders.remove(change.epoch(), order));
        order.transmit();
        return order.future;
    }

    /** One epoch change being ordered. Its reply set is guarded by its own monitor. */
    private final class EpochOrder {
        final EpochChange change;
        final byte[] frame;
        final long deadlineNanos;
        final ReplyQuorum replies = new ReplyQuorum();
        final CompletableFuture<EpochChangeReply> future = new CompletableFuture<>();
        volatile String lastRefusal = "none";

        EpochOrder(EpochChange change, long deadlineNanos) {
            this.change = change;
            this.frame = codec.encode(change);
            this.deadlineNanos = deadlineNanos;
        }

        void transmit() {
            if (future.isDone() || closed.get()) {
                return;
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                future.completeExceptionally(new MoltTimeoutException("epoch change " + change.epoch()
                        + " not confirmed by " + quorums.vouch() + " replicas in time; last refusal: " + lastRefusal));
                return;
            }
            for (int r = 0; r < quorums.n(); r++) {
                transport.send(r, frame);
            }
            timer.newTimeout(t -> transmit(), options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }

        void onReply(int replica, Reply reply) {
            if (reply.status() != ReplyStatus.OK) {
                lastRefusal = "replica " + replica + ": " + new String(reply.result(), StandardCharsets.UTF_8);
                return;
            }
            Reply agreed;
            synchronized (this) {
                agreed = replies.add(replica, reply, quorums.vouch(), false);
            }
            if (agreed == null) {
                return;
            }
            try {
                future.complete(EpochChangeReply.decode(agreed.result()));
            } catch (CodecException e) {
                // t + 1 replicas sent the same undecodable answer: one of them is correct, so
                // this is a version mismatch, not an attack.
                future.completeExceptionally(new MoltException("replicas answered epoch change " + change.epoch()
                        + " with an unreadable result: " + e.getMessage(), e));
            }
        }
    }

    /**
     * Asks one replica for its progress. Not authenticated by a quorum: a faulty replica
     * may lie here. For operators and the demo.
     */
    public CompletableFuture<StatusReport> status(int replica, boolean includeStateDigest) {
        long nonce = statusNonce.incrementAndGet();
        CompletableFuture<StatusReport> f = new CompletableFuture<>();
        statusQueries.put(nonce, new StatusQueryInFlight(replica, f));
        f.whenComplete((r, e) -> statusQueries.remove(nonce));
        if (!transport.send(replica, codec.encode(new StatusQuery(nonce, includeStateDigest)))) {
            f.completeExceptionally(new MoltException("replica " + replica + " is not connected"));
        }
        return f.orTimeout(Math.max(1000, options.requestTimeout().toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Replies received from replicas that were not for this client or did not decode. */
    private final AtomicLong strayFrames = new AtomicLong();

    private final class Inbound implements FrameListener {
        @Override
        public void onConnected(PeerId peer) {
            if (peer instanceof PeerId.Replica replica) {
                resendOutstanding(replica.id());
            }
        }

        @Override
        public void onFrame(PeerId from, byte[] frame) {
            onFrame(from, 0, frame);
        }

        @Override
        public void onFrame(PeerId from, long incarnation, byte[] frame) {
            if (!(from instanceof PeerId.Replica replica)) {
                return;
            }
            if (!incarnations.speaksFor(replica.id(), incarnation)) {
                // Admitted before this client learned its key was retired; the connection is
                // being closed, and nothing more it says counts.
                if (retiredFrames.incrementAndGet() % 1000 == 1) {
                    log.info("client {}: dropped a frame from {}'s retired incarnation {}", clientId, from,
                            incarnation);
                }
                return;
            }
            Message m;
            try {
                m = codec.decode(frame);
            } catch (CodecException e) {
                if (strayFrames.incrementAndGet() % 1000 == 1) {
                    log.warn("client {}: malformed frame from {}: {}", clientId, from, e.getMessage());
                }
                return;
            }
            if (m instanceof Reply reply) {
                onReply(replica.id(), reply);
            } else if (m instanceof KeyReport report) {
                keyLearning.onReport(replica.id(), report);
            } else if (m instanceof StatusReport report) {
                // Only the replica asked answers: another one (a faulty one, say) cannot
                // complete, and so silence, a query meant for its peer.
                StatusQueryInFlight q = statusQueries.get(report.nonce());
                if (q != null && q.replica() == replica.id() && report.replicaId() == replica.id()) {
                    q.future().complete(report);
                }
            } else {
                strayFrames.incrementAndGet();
            }
        }
    }

    /**
     * The incarnation this client knows speaks for {@code replica} (the epoch whose change
     * introduced its key), or -1 before it learned anything about it.
     */
    public long knownIncarnation(int replica) {
        return incarnations.incarnationOf(replica);
    }

    /** Operations currently outstanding. */
    public int outstanding() {
        return pending.size();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Operation op : pending.values()) {
            fail(op, new ClientClosedException("client " + clientId + " closed with the operation outstanding"));
        }
        statusQueries.values().forEach(q -> q.future().completeExceptionally(new ClientClosedException("client closed")));
        epochOrders.values().forEach(o -> o.future.completeExceptionally(new ClientClosedException("client closed")));
        timer.stop();
        transport.close();
    }
}
