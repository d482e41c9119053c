package io.molt.core.protocol;

import io.molt.core.crypto.Digest;
import io.molt.core.message.Batch;
import io.molt.core.message.ViewState;
import io.molt.core.message.WriteEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One replica's agreement state for one slot: an instance of Byzantine consensus whose
 * views are led in turn by the proposers of the schedule.
 */
final class SlotState {
    final long slot;

    /** The view this replica is in; it only moves up. */
    int view;
    /** When the slot became expected in the current view, or -1 while nobody needs it yet. */
    long awaitedSince = -1;

    /** Batches seen for this slot, by digest (the proposal of each view, re-proposals). */
    final Map<Digest, Batch> batches = new HashMap<>(4);
    /** The batch each replica's latest view state vouches for, if it sent one. */
    final Map<Integer, Batch> stateBatches = new HashMap<>(4);
    /** The view-0 proposal, kept to spot a proposer that sends two. */
    Digest firstProposal;
    /** The signed view-0 proposal itself, as received (or sent), for evidence. */
    io.molt.core.message.Propose firstProposalMessage;
    /** Peers (bit mask) this replica showed its proposal because they prepared another. */
    long proposalShownTo;
    /** Peers (bit mask) whose forwarded proposal for this slot was already examined. */
    long forwardedFrom;
    /** Whether evidence of equivocation in view 0 was already recorded for this slot. */
    boolean equivocationProven;

    /** Highest view in which this replica sent a prepare, and for what. */
    int preparedView = -1;
    /** Highest view in which this replica sent a commit. */
    int committedView = -1;
    /** Timestamp and digest of the last view in which a quorum prepared (0 / ZERO for none). */
    int valTs;
    Digest valDigest = Digest.ZERO;
    /** Digest → timestamp of the last view this replica prepared it in. */
    final LinkedHashMap<Digest, Integer> writeSet = new LinkedHashMap<>(2);

    final Votes prepares;
    final Votes commits;

    /** Latest signed view state from each replica (for the new leader and the join rule). */
    final Map<Integer, ViewState> viewStates = new HashMap<>();
    /** This replica's signed state for its current view (sent again until the slot is decided). */
    ViewState ownState;
    /** The new-view message this replica sent as leader of the current view, for resending. */
    io.molt.core.message.NewView newViewMessage;
    long lastResentAt;
    /** When this replica last sent its own state to each peer that asked by sending theirs. */
    final Map<Integer, Long> answeredAt = new HashMap<>(4);
    /** Highest view for which this replica, as leader, sent a new-view message. */
    int newViewSent = -1;
    /** Highest view whose new-view message this replica accepted. */
    int newViewAccepted = -1;

    /** A proposal waiting for requests this replica has not received from their clients yet. */
    Batch parked;
    int parkedView = -1;
    int parkedLeader = -1;

    /** Digest decided by a quorum of commits, when the batch itself has not arrived yet. */
    Digest decidedDigest;
    /** The decided batch, once known. */
    Batch decided;
    /** Catch-up claims: digest → replicas (bit mask) that reported it decided. */
    final Map<Digest, Long> decidedClaims = new HashMap<>(2);

    /** Whether this replica proposed in view 0 (as the slot's own proposer). */
    boolean proposedHere;
    /** Whether a vote changed since the slot's {@link VoteRecord} was last handed out to persist. */
    boolean votesChanged;

    SlotState(long slot, int voteCapacity) {
        this.slot = slot;
        this.prepares = new Votes(voteCapacity);
        this.commits = new Votes(voteCapacity);
    }

    String describe() {
        StringBuilder states = new StringBuilder();
        viewStates.forEach((r, vs) -> states.append(" r").append(r).append(":v").append(vs.view()));
        return "[slot " + slot + " view=" + view + " awaitedSince=" + awaitedSince + " prepared=" + preparedView
                + " committed=" + committedView + " val=" + valTs + ":" + valDigest + " proposal=" + firstProposal
                + " parked=" + (parked != null) + " decided=" + (decided != null) + " decidedDigest=" + decidedDigest
                + " states{" + states + " }]";
    }

    /**
     * Forgets everything {@code replica} said about this slot: it came from an incarnation
     * that no longer speaks for it (a refreshed replica's retired key).
     */
    void forget(int replica) {
        prepares.forget(replica);
        commits.forget(replica);
        viewStates.remove(replica);
        stateBatches.remove(replica);
        long bit = 1L << replica;
        decidedClaims.replaceAll((digest, claimants) -> claimants & ~bit);
        decidedClaims.values().removeIf(claimants -> claimants == 0);
    }

    /** A batch with this digest, from a proposal or from a view state, or null. */
    Batch batchFor(Digest digest) {
        Batch b = batches.get(digest);
        if (b != null) {
            return b;
        }
        for (Batch candidate : stateBatches.values()) {
            if (candidate.digest().equals(digest)) {
                return candidate;
            }
        }
        return null;
    }

    /** What this replica must remember about the slot across a crash. */
    VoteRecord voteRecord() {
        Batch valBatch = valTs > 0 ? batches.get(valDigest) : null;
        return new VoteRecord(slot, view, preparedView, committedView, valTs, valDigest, valBatch,
                writeSetEntries(ReplicaCore.MAX_WRITE_SET), newViewSent, proposedHere ? firstProposal : null);
    }

    /** Takes back what an earlier incarnation of this replica said about the slot. */
    void restore(VoteRecord r) {
        view = Math.max(view, r.view());
        preparedView = Math.max(preparedView, r.preparedView());
        committedView = Math.max(committedView, r.committedView());
        if (r.valTs() > valTs) {
            valTs = r.valTs();
            valDigest = r.valDigest();
            batches.put(r.valDigest(), r.valBatch());
        }
        List<WriteEntry> oldestFirst = new ArrayList<>(r.writeSet());
        java.util.Collections.reverse(oldestFirst);
        for (WriteEntry e : oldestFirst) {
            Integer known = writeSet.get(e.digest());
            if (known == null || known < e.ts()) {
                recordWrite(e.digest(), e.ts());
            }
        }
        newViewSent = Math.max(newViewSent, r.newViewSent());
        newViewAccepted = Math.max(newViewAccepted, r.newViewSent());
        if (r.ownProposal() != null) {
            proposedHere = true;
            firstProposal = r.ownProposal();
        }
    }

    boolean isDecided() {
        return decided != null;
    }

    /** The write set, newest first, at most {@code max} entries. */
    List<WriteEntry> writeSetEntries(int max) {
        List<WriteEntry> entries = new ArrayList<>(writeSet.size());
        writeSet.forEach((d, ts) -> entries.add(new WriteEntry(ts, d)));
        entries.sort((a, b) -> Integer.compare(b.ts(), a.ts()));
        return entries.size() <= max ? entries : new ArrayList<>(entries.subList(0, max));
    }

    /** Records a prepare sent by this replica: Cachin's write-set update. */
    void recordWrite(Digest digest, int ts) {
        writeSet.remove(digest);
        writeSet.put(digest, ts);
    }
}
