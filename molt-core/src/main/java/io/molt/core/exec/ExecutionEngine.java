package io.molt.core.exec;

import io.molt.api.ExecutionContext;
import io.molt.api.ServiceException;
import io.molt.api.StateMachine;
import io.molt.core.crypto.Digest;
import io.molt.core.message.Batch;
import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import io.molt.core.message.Request;
import io.molt.core.protocol.ClientWindows;
import io.molt.core.protocol.ClientWindows.Standing;
import io.molt.core.state.Snapshot;
import io.molt.core.state.SnapshotWriter;
import io.molt.core.state.StateImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies decided batches to the service, in slot order, exactly once per
 * {@code (client, seq)}, and produces the replies. Deterministic: replicas that execute the
 * same batches hold the same state, the same reply cache and the same execution digest (a
 * hash chain over every slot and every result), which the simulator compares after every
 * step.
 *
 * <p>Not thread-safe: the execution stage owns it.
 */
public final class ExecutionEngine {
    private final int replicaId;
    private final StateMachine service;
    private final ClientWindows executed;
    private final Map<Long, ReplyCache> replies = new HashMap<>();
    private long lastExecuted;
    /** Ordered requests run against the service since the beginning: replicated, in snapshots. */
    private long requestsExecuted;
    private Digest chain = Digest.ZERO;
    private final MessageDigest hasher = Digest.newSha256();

    public ExecutionEngine(int replicaId, StateMachine service, int clientWindow) {
        this.replicaId = replicaId;
        this.service = service;
        this.executed = new ClientWindows(clientWindow);
    }

    /** Executes the batch decided for {@code slot}, which must follow the last one executed. */
    public List<Reply> execute(long epoch, long slot, Batch batch) {
        if (slot != lastExecuted + 1) {
            throw new IllegalStateException("slot " + slot + " executed after slot " + lastExecuted);
        }
        List<Reply> out = new ArrayList<>(batch.requests().size());
        hasher.reset();
        for (Request r : batch.requests()) {
            Standing standing = executed.standing(r.clientId(), r.seq());
            if (standing == Standing.DONE) {
                continue;
            }
            Reply reply;
            if (standing == Standing.EXPIRED) {
                reply = reply(r, epoch, slot, ReplyStatus.REJECTED, "request " + r.seq()
                        + " is older than the client's window");
            } else {
                executed.mark(r.clientId(), r.seq());
                requestsExecuted++;
                reply = run(r, new ExecutionContext(r.clientId(), r.seq(), epoch, slot));
                replies.computeIfAbsent(r.clientId(), c -> new ReplyCache(executed.window())).put(reply);
            }
            out.add(reply);
            hashReply(reply);
        }
        byte[] results = hasher.digest();
        hasher.update(chain.toBytes());
        hasher.update(longBytes(slot));
        hasher.update(batch.digest().toBytes());
        hasher.update(results);
        chain = Digest.finish(hasher);
        lastExecuted = slot;
        return out;
    }

    private Reply run(Request r, ExecutionContext context) {
        try {
            return new Reply(replicaId, r.clientId(), r.seq(), context.epoch(), context.slot(), ReplyStatus.OK,
                    service.execute(r.payload(), context));
        } catch (ServiceException e) {
            return reply(r, context.epoch(), context.slot(), ReplyStatus.SERVICE_ERROR, String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            // A bug in the service. Its message may differ between replicas (addresses,
            // hash orders), so only the exception type goes into the deterministic reply.
            return reply(r, context.epoch(), context.slot(), ReplyStatus.SERVICE_ERROR,
                    "service failed with " + e.getClass().getName());
        }
    }

    private Reply reply(Request r, long epoch, long slot, ReplyStatus status, String text) {
        return new Reply(replicaId, r.clientId(), r.seq(), epoch, slot, status, text.getBytes(StandardCharsets.UTF_8));
    }

    private void hashReply(Reply reply) {
        hasher.update(longBytes(reply.clientId()));
        hasher.update(longBytes(reply.seq()));
        hasher.update((byte) reply.status().code());
        hasher.update(longBytes(reply.result().length));
        hasher.update(reply.result());
    }

    /** Answers a read-only request against the current state, without ordering. */
    public Reply query(long epoch, Request r) {
        try {
            return new Reply(replicaId, r.clientId(), r.seq(), epoch, lastExecuted, ReplyStatus.OK,
                    service.query(r.payload()));
        } catch (ServiceException e) {
            return reply(r, epoch, lastExecuted, ReplyStatus.SERVICE_ERROR, String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            return reply(r, epoch, lastExecuted, ReplyStatus.SERVICE_ERROR,
                    "service failed with " + e.getClass().getName());
        }
    }

    /** The reply to an executed request still in the client's window, or null. */
    public Reply cachedReply(long clientId, long seq) {
        ReplyCache cache = replies.get(clientId);
        return cache == null ? null : cache.get(seq);
    }

    public long lastExecuted() {
        return lastExecuted;
    }

    /**
     * Ordered requests executed since the service began, the same on every replica at the
     * same slot (the controller's lifespan in committed requests counts these).
     */
    public long requestsExecuted() {
        return requestsExecuted;
    }

    /** Hash chain over every executed slot and its results. */
    public Digest executionDigest() {
        return chain;
    }

    /**
     * SHA-256 of the canonical snapshot of the service and of the client table. Equal on
     * replicas that executed the same slots. Costs a full pass over the state.
     */
    public Digest stateDigest() {
        MessageDigest md = Digest.newSha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
            service.writeSnapshot(out);
            out.write(longBytes(lastExecuted));
            out.write(longBytes(requestsExecuted));
            TreeMap<Long, ClientWindows.Window> clients = new TreeMap<>(executed.view());
            for (Map.Entry<Long, ClientWindows.Window> e : clients.entrySet()) {
                ClientWindows.Window w = e.getValue();
                out.write(longBytes(e.getKey()));
                out.write(longBytes(w.high()));
                for (long seq : executedSeqs(w)) {
                    out.write(longBytes(seq));
                    Reply cached = cachedReply(e.getKey(), seq);
                    if (cached != null) {
                        out.write(cached.status().code());
                        out.write(longBytes(cached.result().length));
                        out.write(cached.result());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("hashing the state failed", e);
        }
        return Digest.finish(md);
    }

    /**
     * Writes a checkpoint snapshot of the state after the last executed slot: the header with
     * the core's {@code protocolState}, the client table with every cached reply, and the
     * service. Canonical: replicas at the same slot produce identical bytes.
     */
    public Snapshot snapshot(byte[] protocolState, int chunkBytes) {
        SnapshotWriter writer = new SnapshotWriter(chunkBytes);
        // Buffered: the client table is many small fields, the writer hashes whole chunks.
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(writer, 1 << 16))) {
            StateImage.writeHeader(out, lastExecuted, chain, protocolState);
            out.writeLong(requestsExecuted);
            TreeMap<Long, ClientWindows.Window> clients = new TreeMap<>(executed.view());
            out.writeInt(clients.size());
            for (Map.Entry<Long, ClientWindows.Window> e : clients.entrySet()) {
                long clientId = e.getKey();
                ClientWindows.Window w = e.getValue();
                List<Long> done = executedSeqs(w);
                out.writeLong(clientId);
                out.writeLong(w.high());
                out.writeInt(done.size());
                for (long seq : done) {
                    out.writeLong(seq);
                    Reply cached = cachedReply(clientId, seq);
                    out.writeBoolean(cached != null);
                    if (cached != null) {
                        out.writeByte(cached.status().code());
                        out.writeLong(cached.epoch());
                        out.writeLong(cached.slot());
                        out.writeInt(cached.result().length);
                        out.write(cached.result());
                    }
                }
            }
            service.writeSnapshot(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a snapshot failed", e);
        }
        return writer.finish(lastExecuted);
    }

    /**
     * Replaces the whole execution state with a snapshot's: the service, the client table,
     * the reply cache, the execution chain and the last executed slot. The snapshot must have
     * been checked against a certified digest; its content is trusted.
     */
    public void restore(Snapshot snapshot) {
        try (DataInputStream in = new DataInputStream(snapshot.open())) {
            StateImage.Header header = StateImage.readHeader(in);
            long requests = in.readLong();
            if (requests < 0) {
                throw new IOException("snapshot with " + requests + " requests executed");
            }
            executed.clear();
            replies.clear();
            int clients = in.readInt();
            for (int i = 0; i < clients; i++) {
                long clientId = in.readLong();
                long high = in.readLong();
                int done = in.readInt();
                if (done < 0 || done > executed.window()) {
                    throw new IOException("client " + clientId + " with " + done + " executed requests");
                }
                for (int k = 0; k < done; k++) {
                    long seq = in.readLong();
                    executed.mark(clientId, seq);
                    if (in.readBoolean()) {
                        ReplyStatus status = ReplyStatus.fromCode(in.readUnsignedByte());
                        long epoch = in.readLong();
                        long slot = in.readLong();
                        byte[] result = readBytes(in);
                        if (status == null) {
                            throw new IOException("unknown reply status in snapshot");
                        }
                        replies.computeIfAbsent(clientId, c -> new ReplyCache(executed.window()))
                                .put(new Reply(replicaId, clientId, seq, epoch, slot, status, result));
                    }
                }
                if (executed.highest(clientId) != high) {
                    throw new IOException("client " + clientId + " table is inconsistent");
                }
            }
            service.restore(in);
            chain = header.executionChain();
            lastExecuted = header.slot();
            requestsExecuted = requests;
        } catch (IOException e) {
            throw new UncheckedIOException("restoring a snapshot failed", e);
        }
    }

    /** The sequence numbers in a client's window that were executed, ascending. */
    private static List<Long> executedSeqs(ClientWindows.Window w) {
        List<Long> done = new ArrayList<>();
        for (long seq = Math.max(0, w.high() - w.size() + 1); seq <= w.high(); seq++) {
            if (w.isDone(seq)) {
                done.add(seq);
            }
        }
        return done;
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 64 << 20) {
            throw new IOException("snapshot field of " + length + " bytes");
        }
        byte[] b = in.readNBytes(length);
        if (b.length != length) {
            throw new IOException("snapshot truncated");
        }
        return b;
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }
}
