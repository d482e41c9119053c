package io.molt.sim;

import io.molt.core.message.Batch;
import io.molt.core.protocol.VoteRecord;
import io.molt.core.state.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

    /**
     * The snapshot to recover from: the previous one when the decisions since it are all
     * here (the replica then comes back with its last slots open to peers, as it had them),
     * else the latest.
     */
    Snapshot recoveryBase() {
        if (previous != null && snapshot != null) {
            for (long s = previous.slot() + 1; s <= snapshot.slot(); s++) {
                if (!decided.containsKey(s)) {
                    return snapshot;
                }
            }
            return previous;
        }
        return snapshot;
    }

    /** The decided batches kept: those before the base, then those after it without a gap. */
    List<Batch> decidedKept(Snapshot base) {
        long after = base == null ? 0 : base.slot();
        List<Batch> batches = new ArrayList<>(decided.headMap(after, true).values());
        long next = after + 1;
        for (Batch b : decided.tailMap(next, true).values()) {
            if (b.slot() != next) {
                break;
            }
            batches.add(b);
            next++;
        }
        return batches;
    }

    Collection<VoteRecord> votes() {
        return votes.values();
    }
}
