package io.molt.core.message;

import io.molt.core.crypto.Digest;
import java.util.Arrays;

/**
 * A replica's signed statement that after executing {@code slot} its state has the
 * checkpoint digest {@code digest} (a {@link SnapshotManifest#digest()}). {@code Q}
 * matching statements make the checkpoint stable (older log entries can be dropped);
 * {@code t + 1} certify the digest to a replica that fetches the state.
 */
public record Checkpoint(long slot, int replicaId, Digest digest, byte[] signature) implements Message {
    @Override
    public MessageType type() {
        return MessageType.CHECKPOINT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && slot == c.slot && replicaId == c.replicaId && digest.equals(c.digest)
                && Arrays.equals(signature, c.signature);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(slot) * 31 + replicaId;
    }

    @Override
    public String toString() {
        return "Checkpoint[slot=" + slot + " r" + replicaId + " " + digest.shortHex() + "]";
    }
}
