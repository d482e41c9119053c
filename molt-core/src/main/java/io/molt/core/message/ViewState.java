package io.molt.core.message;

import io.molt.core.crypto.Digest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A replica's signed report of its agreement state for {@code slot}, sent when it moves
 * to {@code view}. {@code valTs} is the timestamp of the last view in which it saw a
 * quorum of prepares (0 for none) and {@code valDigest} the digest it saw them for
 * ({@link Digest#ZERO} for none). {@code valBatch}, when present, is that batch; it is not
 * covered by the signature, which binds its digest instead. The signature covers every
 * other field.
 */
public record ViewState(long slot, int view, int replicaId, int valTs, Digest valDigest,
        List<WriteEntry> writeSet, Batch valBatch, byte[] signature) implements Message {

    public ViewState {
        writeSet = List.copyOf(writeSet);
    }

    @Override
    public MessageType type() {
        return MessageType.VIEW_STATE;
    }

    /** The same state without the batch, as embedded in a {@link NewView}. */
    public ViewState withoutBatch() {
        return valBatch == null ? this : new ViewState(slot, view, replicaId, valTs, valDigest, writeSet, null, signature);
    }

    // The signature is an array, which a record would compare by identity.
    @Override
    public boolean equals(Object o) {
        return o instanceof ViewState s && slot == s.slot && view == s.view && replicaId == s.replicaId
                && valTs == s.valTs && Objects.equals(valDigest, s.valDigest) && writeSet.equals(s.writeSet)
                && Objects.equals(valBatch, s.valBatch) && Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(slot) * 31 + view) * 31 + replicaId;
    }

    @Override
    public String toString() {
        return "ViewState[s" + slot + " v" + view + " r" + replicaId + " val=" + valTs + ":" + valDigest
                + " ws=" + writeSet + "]";
    }
}
