package io.molt.core.protocol;

import io.molt.core.message.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * What a replica restarts from, given the snapshots and decided batches its disk kept:
 * the older of its two latest snapshots when every decision since it is there (the replica
 * then replays up to where it stood, with its last slots open to peers as they were before
 * the crash; peers that have not decided them may need its votes), else the latest; and
 * the decisions to hand to {@link ReplicaCore#recover}: those up to the base (served to
 * peers), then those after it up to the first gap.
 *
 * @param base the slot of the snapshot to install, or 0 for none
 * @param decided the batches for {@link ReplicaCore#recover}, in slot order
 * @param gapAfter the last slot replayed when a gap stopped the replay, or -1
 */
public record RecoveryPlan(long base, List<Batch> decided, long gapAfter) {

    /**
     * @param older slot of the second-latest snapshot, or -1 for none
     * @param latest slot of the latest snapshot, or -1 for none
     */
    public static RecoveryPlan choose(long older, long latest, NavigableMap<Long, Batch> decided) {
        long base = latest < 0 ? 0 : latest;
        if (older >= 0 && latest >= 0 && decided.subMap(older, false, latest, true).size() == latest - older) {
            base = older;
        }
        List<Batch> kept = new ArrayList<>(decided.headMap(base, true).values());
        long next = base + 1;
        long gapAfter = -1;
        for (Batch b : decided.tailMap(next, true).values()) {
            if (b.slot() != next) {
                gapAfter = next - 1;
                break;
            }
            kept.add(b);
            next++;
        }
        return new RecoveryPlan(base, List.copyOf(kept), gapAfter);
    }
}
