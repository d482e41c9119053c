package io.molt.core.exec;

import io.molt.core.message.Reply;

/**
 * The replies to one client's most recent requests, one ring slot per sequence number in
 * the client's window, so a retransmitted request gets the same answer again.
 */
final class ReplyCache {
    private final Reply[] ring;

    ReplyCache(int window) {
        ring = new Reply[window];
    }

    void put(Reply reply) {
        ring[index(reply.seq())] = reply;
    }

    Reply get(long seq) {
        Reply r = ring[index(seq)];
        return r != null && r.seq() == seq ? r : null;
    }

    private int index(long seq) {
        return (int) Math.floorMod(seq, (long) ring.length);
    }
}
