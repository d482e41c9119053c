package io.molt.core.protocol;

import io.molt.core.message.Batch;
import io.molt.core.message.Message;
import io.molt.core.message.Propose;
import io.molt.core.message.Request;
import io.molt.core.message.StatusQuery;
import io.molt.core.state.Snapshot;

/**
 * What the core asks the world to do. The runtime implements it with sockets and stages;
 * the simulator with a simulated network; tests with a recorder. Calls happen on the
 * thread that called {@link ReplicaCore#step}.
 */
public interface Effects {

    /** Sends to one other replica. */
    void send(int replica, Message message);

    /** Sends to every other replica. */
    void broadcast(Message message);

    /**
     * Signs this replica's own view-0 proposal with its replica key and sends it to every
     * other replica. The core holds no private key material beyond its signer for view
     * changes; signing here keeps the proposal path in one place for the runtime and the
     * simulator.
     */
    void propose(Propose unsigned);

    /** Sends to a client over the channel it opened. */
    void sendToClient(long clientId, Message message);

    /**
     * Hands a decided batch to execution. Called exactly once per slot, in slot order. A
     * durable replica also appends it to its log (synced with the step's vote records, but
     * execution need not wait: the quorum's synced commit records already make the
     * decision survive any crash).
     */
    void deliver(long epoch, long slot, Batch batch);

    /**
     * What this replica said about a slot changed, and a message of this same step depends
     * on it. A durable replica makes the record durable before any message of the step
     * leaves (the latest record per slot is what counts), so that after a crash it restarts
     * without contradicting anything it sent. Called at the end of a step.
     */
    void persist(VoteRecord record);

    /**
     * Answers a read-only request once execution has reached {@code minExecutedSlot} (every
     * slot this replica voted to commit), so the answer reflects every write that finished
     * before the query was sent.
     */
    void query(Request request, long minExecutedSlot);

    /** The client retransmitted an ordered request: send the reply again if it is cached. */
    void resendReply(long clientId, long seq);

    /** A status query, to be completed with execution's progress. */
    void status(long clientId, StatusQuery query, CoreStatus core);

    /**
     * Asks execution for a checkpoint snapshot right after executing {@code slot} (delivered
     * just before), with the core's own state at that slot; execution answers with
     * {@link Event.SnapshotTaken}.
     */
    void checkpoint(long slot, byte[] protocolState);

    /**
     * Replaces the execution state with a snapshot fetched from peers and verified against a
     * certified checkpoint; deliveries continue with the slot after it.
     */
    void install(Snapshot snapshot);

    /**
     * A peer asks for a manifest or a chunk of a snapshot this replica took: answer from the
     * snapshots execution keeps, if it still has that one.
     */
    void serveState(int peer, Message request);

    /** Something operators should know about (view changes, suspensions, misbehaviour). */
    void notice(Notice notice);

    /** Signed proof that a replica is faulty; kept, logged, counted. */
    void evidence(Evidence evidence);
}
