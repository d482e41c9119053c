package io.molt.core.state;

import io.molt.core.message.ChunkRequest;
import io.molt.core.message.ManifestRequest;
import io.molt.core.message.Message;
import io.molt.core.message.SnapshotChunk;

/**
 * The snapshots a replica keeps to serve peers that fetch state: the two most recent, so a
 * peer that started fetching one can finish while the next is taken. Execution puts
 * snapshots on the shelf; peers' requests are answered from it on another thread, which is
 * safe because snapshots are immutable and the shelf swaps one array reference.
 */
public final class SnapshotShelf {
    private volatile Snapshot[] held = new Snapshot[0];

    /** Puts a newer snapshot on the shelf, keeping the one before it. */
    public void put(Snapshot snapshot) {
        Snapshot[] now = held;
        if (now.length > 0 && now[0].slot() >= snapshot.slot()) {
            if (now[0].slot() == snapshot.slot()) {
                return;
            }
            throw new IllegalArgumentException("snapshot at slot " + snapshot.slot() + " is older than "
                    + now[0].slot());
        }
        held = now.length == 0 ? new Snapshot[] {snapshot} : new Snapshot[] {snapshot, now[0]};
    }

    /** The newest snapshot, or null. */
    public Snapshot latest() {
        Snapshot[] now = held;
        return now.length == 0 ? null : now[0];
    }

    /**
     * The answer to a {@link ManifestRequest} or {@link ChunkRequest}: the manifest or the
     * chunk, or null when the snapshot is no longer (or not yet) on the shelf or the chunk
     * does not exist.
     */
    public Message answer(Message request) {
        if (request instanceof ManifestRequest m) {
            Snapshot s = find(m.slot());
            return s == null ? null : s.manifest();
        }
        if (request instanceof ChunkRequest c) {
            Snapshot s = find(c.slot());
            return s == null || c.index() >= s.chunkCount() ? null : new SnapshotChunk(c.slot(), c.index(),
                    s.chunk(c.index()));
        }
        return null;
    }

    private Snapshot find(long slot) {
        for (Snapshot s : held) {
            if (s.slot() == slot) {
                return s;
            }
        }
        return null;
    }
}
