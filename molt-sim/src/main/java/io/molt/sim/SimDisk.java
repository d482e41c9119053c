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
    private final TreeMap<Long, Batch> decided = new TreeMap<>();
    private final TreeMap<Long, VoteRecord> votes = new TreeMap<>();

    void persist(VoteRecord record) {
        votes.put(record.slot(), record);
    }

    void decided(long slot, Batch batch) {
        decided.put(slot, batch);
    }

    /**
     * A snapshot taken or installed at its slot. Votes it covers can go; decisions are kept
     * back to the previous snapshot, for peers just behind this one.
     */
    void snapshot(Snapshot s) {
        if (snapshot != null && snapshot.slot() >= s.slot()) {
            return;
        }
        long previous = snapshot == null ? 0 : snapshot.slot();
        snapshot = s;
        decided.headMap(previous, true).clear();
        votes.headMap(s.slot(), true).clear();
    }

    /** The replica crashed: up to three of the latest decided batches had not reached the disk. */
    void crash(java.util.Random random) {
        long base = snapshot == null ? 0 : snapshot.slot();
        for (int lost = random.nextInt(4); lost > 0 && !decided.isEmpty() && decided.lastKey() > base; lost--) {
            decided.pollLastEntry();
        }
    }

    Snapshot latestSnapshot() {
        return snapshot;
    }

    /** The decided batches kept: those before the snapshot, then those after it without a gap. */
    List<Batch> decidedKept() {
        long after = snapshot == null ? 0 : snapshot.slot();
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
