package io.molt.core.message;

import java.util.Arrays;

/**
 * A replica's answer to a request, tagged with the extended sequence number
 * {@code (epoch, slot)} at which it was executed. For a read-only request, {@code slot} is
 * the last slot the replica had executed when it answered.
 */
public record Reply(int replicaId, long clientId, long seq, long epoch, long slot, ReplyStatus status,
        byte[] result) implements Message {

    public Reply {
        if (status == null || result == null) {
            throw new IllegalArgumentException("status and result must not be null");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.REPLY;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reply r && replicaId == r.replicaId && clientId == r.clientId && seq == r.seq
                && epoch == r.epoch && slot == r.slot && status == r.status && Arrays.equals(result, r.result);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(clientId) * 31 + Long.hashCode(seq);
    }

    @Override
    public String toString() {
        return "Reply[r" + replicaId + " c" + clientId + "#" + seq + " @" + epoch + ":" + slot + " " + status
                + " " + result.length + "B]";
    }
}
