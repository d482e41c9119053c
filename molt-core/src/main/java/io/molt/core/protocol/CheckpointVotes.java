package io.molt.core.protocol;

import io.molt.core.crypto.Digest;
import io.molt.core.message.Checkpoint;
import io.molt.core.message.Message;
import io.molt.core.quorum.Quorums;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects signed checkpoint statements and tells which checkpoint is stable ({@code Q}
 * matching) and which digests are certified ({@code t + 1} matching: one signer is correct,
 * and execution is deterministic, so the digest is the true state's). Signatures are checked
 * before statements get here.
 *
 * <p>Memory is bounded: a few open slots per replica, and only slots above the stable one.
 * A replica that signs two digests for one slot, or a digest that contradicts a stable
 * checkpoint, leaves {@link Evidence}.
 */
final class CheckpointVotes {
    /** Open checkpoint slots kept per signer; a correct replica has one or two at a time. */
    private static final int SLOTS_PER_REPLICA = 4;

    private final Quorums quorums;
    private final TreeMap<Long, Map<Integer, Checkpoint>> open = new TreeMap<>();
    private final int[] openPerReplica;
    private long stableSlot;
    private Digest stableDigest;
    private List<Checkpoint> stableProof = List.of();

    CheckpointVotes(Quorums quorums) {
        this.quorums = quorums;
        this.openPerReplica = new int[quorums.n()];
    }

    /** A certified checkpoint: its digest, and the replicas that signed it. */
    record Certified(long slot, Digest digest, List<Integer> signers) {}

    /**
     * Adds a verified statement. Returns evidence if it proves its signer faulty (then it
     * is not counted), or null.
     */
    Evidence add(Checkpoint c) {
        int signer = c.replicaId();
        if (!quorums.isReplica(signer)) {
            return null;
        }
        if (c.slot() <= stableSlot) {
            if (c.slot() == stableSlot && !c.digest().equals(stableDigest)) {
                return contradicts(c);
            }
            return null;
        }
        Map<Integer, Checkpoint> votes = open.get(c.slot());
        Checkpoint earlier = votes == null ? null : votes.get(signer);
        if (earlier != null) {
            if (earlier.digest().equals(c.digest())) {
                return null;
            }
            return new Evidence(Evidence.Kind.CONFLICTING_CHECKPOINTS, signer, c.slot(), List.of(earlier, c),
                    "signed checkpoint digests " + earlier.digest().shortHex() + " and " + c.digest().shortHex());
        }
        if (openPerReplica[signer] >= SLOTS_PER_REPLICA && !evictLowest(signer, c.slot())) {
            return null;
        }
        open.computeIfAbsent(c.slot(), s -> new HashMap<>()).put(signer, c);
        openPerReplica[signer]++;
        return null;
    }

    /** Makes room for {@code signer}'s statement at {@code slot}; false when all it has are higher. */
    private boolean evictLowest(int signer, long slot) {
        for (Map.Entry<Long, Map<Integer, Checkpoint>> e : open.entrySet()) {
            if (e.getKey() >= slot) {
                return false;
            }
            if (e.getValue().remove(signer) != null) {
                openPerReplica[signer]--;
                if (e.getValue().isEmpty()) {
                    open.remove(e.getKey());
                }
                return true;
            }
        }
        return false;
    }

    /**
     * If a quorum signed one digest for a slot above the stable one, makes the highest such
     * checkpoint stable, forgets everything at or below it, and returns evidence against the
     * replicas that signed another digest for that slot. Returns null when nothing changed.
     */
    List<Evidence> advanceStable() {
        for (Map.Entry<Long, Map<Integer, Checkpoint>> e : open.descendingMap().entrySet()) {
            Map<Digest, List<Checkpoint>> byDigest = byDigest(e.getValue());
            for (Map.Entry<Digest, List<Checkpoint>> d : byDigest.entrySet()) {
                if (quorums.isAgreementQuorum(d.getValue().size())) {
                    stableSlot = e.getKey();
                    stableDigest = d.getKey();
                    stableProof = List.copyOf(d.getValue().subList(0, quorums.agreement()));
                    List<Evidence> evidence = new ArrayList<>();
                    for (Checkpoint other : e.getValue().values()) {
                        if (!other.digest().equals(stableDigest)) {
                            evidence.add(contradicts(other));
                        }
                    }
                    forgetThrough(stableSlot);
                    return evidence;
                }
            }
        }
        return null;
    }

    private Evidence contradicts(Checkpoint c) {
        List<Message> proof = new ArrayList<>();
        proof.add(c);
        proof.addAll(stableProof);
        return new Evidence(Evidence.Kind.WRONG_CHECKPOINT, c.replicaId(), c.slot(), proof, "signed checkpoint digest "
                + c.digest().shortHex() + " where a quorum signed " + stableDigest.shortHex());
    }

    private void forgetThrough(long slot) {
        Map<Long, Map<Integer, Checkpoint>> gone = open.headMap(slot, true);
        for (Map<Integer, Checkpoint> votes : gone.values()) {
            for (int signer : votes.keySet()) {
                openPerReplica[signer]--;
            }
        }
        gone.clear();
    }

    /** The highest checkpoint above the stable one whose digest {@code t + 1} replicas signed, or null. */
    Certified highestCertified() {
        for (Map.Entry<Long, Map<Integer, Checkpoint>> e : open.descendingMap().entrySet()) {
            for (Map.Entry<Digest, List<Checkpoint>> d : byDigest(e.getValue()).entrySet()) {
                if (quorums.vouches(d.getValue().size())) {
                    List<Integer> signers = new ArrayList<>();
                    d.getValue().forEach(c -> signers.add(c.replicaId()));
                    return new Certified(e.getKey(), d.getKey(), signers);
                }
            }
        }
        if (stableDigest != null) {
            List<Integer> signers = new ArrayList<>();
            stableProof.forEach(c -> signers.add(c.replicaId()));
            return new Certified(stableSlot, stableDigest, signers);
        }
        return null;
    }

    private static Map<Digest, List<Checkpoint>> byDigest(Map<Integer, Checkpoint> votes) {
        Map<Digest, List<Checkpoint>> out = new TreeMap<>();
        TreeMap<Integer, Checkpoint> sorted = new TreeMap<>(votes);
        for (Checkpoint c : sorted.values()) {
            out.computeIfAbsent(c.digest(), d -> new ArrayList<>()).add(c);
        }
        return out;
    }

    long stableSlot() {
        return stableSlot;
    }

    /** The signed statements that make the stable checkpoint stable (empty before the first). */
    List<Checkpoint> stableProof() {
        return stableProof;
    }
}
