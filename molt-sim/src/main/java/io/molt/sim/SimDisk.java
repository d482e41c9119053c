package io.molt.sim;

import io.molt.core.message.Batch;
import io.molt.core.protocol.RecoveryPlan;
import io.molt.core.protocol.VoteRecord;
import io.molt.core.state.Snapshot;
import java.util.Collection;
import java.util.TreeMap;

/**
 * What a simulated replica keeps on its own disk across crashes, as the durable runtime
 * does: its latest snapshot, the decided batches after it, and the latest vote record of
 * each slot. A crash in the simulator falls between two steps, and a step's vote records are
 * written before its messages leave, so they all survive. Decided batches are synced with
 * them too, but execution does not wait for that: a crash may lose the last few, after
 * their replies went out ({@link #crash}).
 */
final class SimDisk {
    private Snapshot snapshot;
    private Snapshot previous;
    private final TreeMap<Long, Batch> decided = new TreeMap<>();
    private final TreeMap<Long, VoteRecord> votes = new TreeMap<>();

    void persist(VoteRecord record) {
        votes.put(record.slot(), record);
    }

    void decided(long slot, Batch batch) {
        decided.put(slot, batch);
    }

    /**
     * A snapshot taken or installed at its slot. Decisions and votes are kept back to the
     * previous snapshot, for peers just behind this one.
     */
    void snapshot(Snapshot s) {
        if (snapshot != null && snapshot.slot() >= s.slot()) {
            return;
        }
        previous = snapshot;
        snapshot = s;
        long keepAfter = previous == null ? 0 : previous.slot();
        decided.headMap(keepAfter, true).clear();
        votes.headMap(keepAfter, true).clear();
    }

    /** The replica crashed: up to three of the latest decided batches had not reached the disk. */
    void crash(java.util.Random random) {
        long base = snapshot == null ? 0 : snapshot.slot();
        for (int lost = random.nextInt(4); lost > 0 && !decided.isEmpty() && decided.lastKey() > base; lost--) {
            decided.pollLastEntry();
        }
    }

    /** What a new incarnation restarts from ({@link RecoveryPlan}, as the runtime's storage does). */
    RecoveryPlan plan() {
        return RecoveryPlan.choose(previous == null ? -1 : previous.slot(), snapshot == null ? -1 : snapshot.slot(),
                decided);
    }

    /** The snapshot a plan starts from, or null. */
    Snapshot snapshotAt(long slot) {
        if (slot == 0) {
            return null;
        }
        return snapshot.slot() == slot ? snapshot : previous;
    }

    Collection<VoteRecord> votes() {
        return votes.values();
    }
}
