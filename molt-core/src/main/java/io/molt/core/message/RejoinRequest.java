package io.molt.core.message;

import java.util.Arrays;

/**
 * A suspended replica asks to propose again. {@code suspendedAt} names the suspension it
 * answers (the slot whose execution suspended it), so an old request cannot be replayed
 * against a later suspension. Signed by the replica; carried into the order inside a
 * batch.
 */
public record RejoinRequest(int replicaId, long suspendedAt, byte[] signature) implements Message {
    @Override
    public MessageType type() {
        return MessageType.REJOIN_REQUEST;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RejoinRequest r && replicaId == r.replicaId && suspendedAt == r.suspendedAt
                && Arrays.equals(signature, r.signature);
    }

    @Override
    public int hashCode() {
        return replicaId * 31 + Long.hashCode(suspendedAt);
    }

    @Override
    public String toString() {
        return "RejoinRequest[r" + replicaId + " suspendedAt=" + suspendedAt + "]";
    }
}
