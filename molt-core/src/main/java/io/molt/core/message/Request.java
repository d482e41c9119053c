package io.molt.core.message;

import java.util.Arrays;

/**
 * A client's operation. {@code (clientId, seq)} names it uniquely; the replicas execute
 * it at most once. Authenticity comes from the channel it arrived on: a replica accepts a
 * request directly only from the client whose certificate names {@code clientId}.
 *
 * @param readOnly when set, the operation is a query answered without ordering
 */
public record Request(long clientId, long seq, boolean readOnly, byte[] payload) implements Message {

    public Request {
        if (clientId < 0) {
            throw new IllegalArgumentException("client id must not be negative: " + clientId);
        }
        if (seq < 0) {
            throw new IllegalArgumentException("request seq must not be negative: " + seq);
        }
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.REQUEST;
    }

    /** Size of the request inside a batch, for batching limits. */
    public int encodedSize() {
        return 8 + 8 + 1 + 4 + payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Request r && clientId == r.clientId && seq == r.seq
                && readOnly == r.readOnly && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(clientId) * 31 + Long.hashCode(seq);
    }

    @Override
    public String toString() {
        return "Request[c" + clientId + "#" + seq + (readOnly ? " ro" : "") + " " + payload.length + "B]";
    }
}
