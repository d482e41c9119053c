package io.molt.core.message;

/**
 * One chunk of a snapshot. Not signed: the receiver checks it against the manifest it
 * verified against a certified checkpoint digest.
 */
public record SnapshotChunk(long slot, int index, byte[] data) implements Message {
    @Override
    public MessageType type() {
        return MessageType.SNAPSHOT_CHUNK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnapshotChunk c && slot == c.slot && index == c.index
                && java.util.Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(slot) * 31 + index;
    }

    @Override
    public String toString() {
        return "SnapshotChunk[slot=" + slot + " #" + index + " " + data.length + "B]";
    }
}
