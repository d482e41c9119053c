package io.molt.core.protocol;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.SignedContent;
import io.molt.core.codec.WireReader;
import io.molt.core.codec.WireWriter;
import io.molt.core.crypto.SignatureVerifier;
import io.molt.core.message.Batch;
import io.molt.core.message.RejoinRequest;
import io.molt.core.quorum.Quorums;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who proposes each slot, and which replicas are skipped (leader adjustment).
 *
 * <p>The proposer of slot {@code s} in view {@code v} is {@code active[(s + v) mod |active|]},
 * where {@code active} is the sorted list of replicas not suspended. The list changes only
 * through the total order: applying a decided batch may suspend or reinstate a replica,
 * and the change takes effect {@code window} slots later. Since a replica only works on
 * slots within {@code window} of its decided prefix, every correct replica computes the
 * same proposer for every slot it works on.
 *
 * <p>Rules, applied to each decided batch in slot order:
 * <ul>
 *   <li>A batch first proposed in a view above 0 means a quorum gave up on the slot's
 *       original proposer and no value of its was bound: that proposer is suspended, unless
 *       too few proposers would remain to include a correct one.
 *   <li>An executed epoch change suspends each refreshed replica: its new incarnation
 *       starts without state and proposes only once it has recovered and asks to rejoin
 *       (from the epoch's first slot on, without backoff).
 *   <li>A signed {@link RejoinRequest} for the replica's current suspension, once its
 *       backoff has passed, reinstates it. The backoff doubles with each suspension.
 * </ul>
 */
public final class ProposerSchedule {
    private static final int MAX_BACKOFF_SHIFT = 10;

    private final Quorums quorums;
    private final int window;
    private final long rejoinBackoffSlots;
    private final TreeMap<Long, int[]> activeFrom = new TreeMap<>();
    private final long[] suspendedAt;
    private final int[] suspensions;
    /** The first slot at which each suspended replica's rejoin request is honoured. */
    private final long[] rejoinAfter;

    public ProposerSchedule(Quorums quorums, int window, long rejoinBackoffSlots) {
        this.quorums = quorums;
        this.window = window;
        this.rejoinBackoffSlots = rejoinBackoffSlots;
        int[] all = new int[quorums.n()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        activeFrom.put(0L, all);
        suspendedAt = new long[quorums.n()];
        Arrays.fill(suspendedAt, -1);
        suspensions = new int[quorums.n()];
        rejoinAfter = new long[quorums.n()];
    }

    /** The proposer of {@code slot} in {@code view}. */
    public int leader(long slot, int view) {
        int[] active = activeFrom.floorEntry(slot).getValue();
        return active[(int) Math.floorMod(slot + view, (long) active.length)];
    }

    /** Proposers as of the latest applied slot (possibly not yet in effect). */
    public int[] latestActive() {
        return activeFrom.lastEntry().getValue().clone();
    }

    /** The slot whose execution suspended {@code replica}, or -1 when it is active. */
    public long suspendedAt(int replica) {
        return suspendedAt[replica];
    }

    /** The first slot at which {@code replica}'s rejoin request would be honoured. */
    public long rejoinEligibleAt(int replica) {
        return rejoinAfter[replica];
    }

    /** Suspended replicas as of the latest applied slot. */
    public List<Integer> suspended() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < suspendedAt.length; i++) {
            if (suspendedAt[i] >= 0) {
                out.add(i);
            }
        }
        return out;
    }

    /** A change of the proposer list caused by one decided batch. */
    public record Change(int replica, boolean suspended, long atSlot, long effectiveFrom) {}

    /**
     * Applies one decided batch; must be called for every slot in order. Rejoin signatures
     * are checked here, deterministically, with {@code verifier}.
     */
    public List<Change> apply(long slot, Batch batch, SignatureVerifier verifier) {
        List<Change> changes = new ArrayList<>(0);
        if (batch.view() > 0) {
            int original = leader(slot, 0);
            if (suspendedAt[original] < 0 && activeCount() > quorums.minProposers()) {
                suspendedAt[original] = slot;
                suspensions[original]++;
                int shift = Math.min(suspensions[original] - 1, MAX_BACKOFF_SHIFT);
                rejoinAfter[original] = slot + (rejoinBackoffSlots << shift);
                changes.add(new Change(original, true, slot, slot + window));
            }
        }
        for (RejoinRequest rejoin : batch.rejoins()) {
            int j = rejoin.replicaId();
            if (quorums.isReplica(j) && suspendedAt[j] >= 0 && rejoin.suspendedAt() == suspendedAt[j]
                    && slot >= rejoinEligibleAt(j)
                    && verifier.verify(j, slot, SignedContent.rejoin(j, rejoin.suspendedAt()), rejoin.signature())) {
                suspendedAt[j] = -1;
                changes.add(new Change(j, false, slot, slot + window));
            }
        }
        if (!changes.isEmpty()) {
            activeFrom.put(slot + window, currentActive());
        }
        return changes;
    }

    /**
     * Suspends the replicas an epoch change executed at {@code slot} refreshed, from the
     * epoch's first slot {@code slot + window} on; their new incarnations may rejoin from
     * that slot. A refreshed replica that was suspended already stays so, under the new
     * suspension. Always applied, unlike a suspension for failing: the refreshed replica
     * is one of the {@code r} the thresholds allow for.
     */
    public List<Change> refresh(long slot, List<Integer> replicas) {
        List<Change> changes = new ArrayList<>(replicas.size());
        for (int replica : replicas) {
            boolean wasActive = suspendedAt[replica] < 0;
            suspendedAt[replica] = slot;
            suspensions[replica] = 0;
            rejoinAfter[replica] = slot + window;
            if (wasActive) {
                changes.add(new Change(replica, true, slot, slot + window));
            }
        }
        if (!changes.isEmpty()) {
            activeFrom.put(slot + window, currentActive());
        }
        return changes;
    }

    /**
     * Writes the schedule as it stands after applying {@code lastApplied}, canonically: only
     * the proposer lists that slots after it use, however much was pruned before.
     * {@code u32 k | k x (i64 from | u32 m | m x u16 id)
     * | n x (i64 suspendedAt | i32 suspensions | i64 rejoinAfter)}.
     */
    public void writeTo(WireWriter w, long lastApplied) {
        Map<Long, int[]> relevant = new TreeMap<>(activeFrom.tailMap(activeFrom.floorKey(lastApplied + 1), true));
        w.i32(relevant.size());
        for (Map.Entry<Long, int[]> e : relevant.entrySet()) {
            w.i64(e.getKey()).i32(e.getValue().length);
            for (int id : e.getValue()) {
                w.u16(id);
            }
        }
        for (int i = 0; i < suspendedAt.length; i++) {
            w.i64(suspendedAt[i]).i32(suspensions[i]).i64(rejoinAfter[i]);
        }
    }

    /** Replaces the schedule with one {@link #writeTo} wrote for the same ensemble. */
    public void readFrom(WireReader in) throws CodecException {
        int lists = in.count("proposer lists", Integer.MAX_VALUE, 12);
        TreeMap<Long, int[]> read = new TreeMap<>();
        for (int i = 0; i < lists; i++) {
            long from = in.i64("proposer list start");
            int[] active = new int[in.count("proposers", quorums.n(), 2)];
            for (int k = 0; k < active.length; k++) {
                active[k] = in.u16("proposer");
                if (!quorums.isReplica(active[k])) {
                    throw new CodecException(CodecException.Kind.INVALID_FIELD, "proposer " + active[k]);
                }
            }
            if (active.length == 0) {
                throw new CodecException(CodecException.Kind.INVALID_FIELD, "an empty proposer list");
            }
            read.put(from, active);
        }
        if (read.isEmpty()) {
            throw new CodecException(CodecException.Kind.INVALID_FIELD, "no proposer list");
        }
        long[] at = new long[quorums.n()];
        int[] count = new int[quorums.n()];
        long[] after = new long[quorums.n()];
        for (int i = 0; i < at.length; i++) {
            at[i] = in.i64("suspended at");
            count[i] = in.i32In("suspensions", 0, Integer.MAX_VALUE);
            after[i] = in.i64("rejoin after");
        }
        activeFrom.clear();
        activeFrom.putAll(read);
        System.arraycopy(at, 0, suspendedAt, 0, at.length);
        System.arraycopy(count, 0, suspensions, 0, count.length);
        System.arraycopy(after, 0, rejoinAfter, 0, after.length);
    }

    /** Forgets lists no slot after {@code decidedPrefix} can use. */
    public void prune(long decidedPrefix) {
        Map.Entry<Long, int[]> floor = activeFrom.floorEntry(decidedPrefix + 1);
        if (floor != null) {
            activeFrom.headMap(floor.getKey(), false).clear();
        }
    }

    private int activeCount() {
        int count = 0;
        for (long s : suspendedAt) {
            if (s < 0) {
                count++;
            }
        }
        return count;
    }

    private int[] currentActive() {
        int[] active = new int[activeCount()];
        int k = 0;
        for (int i = 0; i < suspendedAt.length; i++) {
            if (suspendedAt[i] < 0) {
                active[k++] = i;
            }
        }
        return active;
    }
}
