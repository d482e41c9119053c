package io.molt.core.protocol;

import io.molt.core.message.Batch;
import io.molt.core.message.Message;
import io.molt.core.message.Request;
import io.molt.core.message.StatusQuery;

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

    /** Sends to a client over the channel it opened. */
    void sendToClient(long clientId, Message message);

    /** Hands a decided batch to execution. Called exactly once per slot, in slot order. */
    void deliver(long slot, Batch batch);

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

    /** Something operators should know about (view changes, suspensions, misbehaviour). */
    void notice(Notice notice);
}
