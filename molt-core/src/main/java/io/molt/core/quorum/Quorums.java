package io.molt.core.quorum;

import java.util.Collection;

/**
 * The thresholds of an ensemble of {@code n} replicas that tolerates {@code t} Byzantine
 * replicas while {@code r} more are recovering: {@code n >= 3t + 2r + 1}, agreement quorums
 * of {@code 2t + r + 1} in the smallest such ensemble, and {@code t + 1} matching replies to
 * vouch for a result.
 *
 * <p>Two facts carry the protocol: two agreement quorums intersect in at least {@code t + 1}
 * replicas, so in at least one correct one; and the {@code n - t - r} replicas that are
 * neither faulty nor recovering still form a quorum. In a larger ensemble a quorum of
 * {@code 2t + r + 1} would no longer intersect enough, so the quorum grows with {@code n} to
 * {@code ceil((n + t + 1) / 2)}, which equals {@code 2t + r + 1} when {@code n} is minimal and
 * stays within {@code n - t - r} for every valid {@code n}. All arithmetic about thresholds
 * lives here.
 */
public record Quorums(int n, int t, int r) {

    public Quorums {
        if (t < 0 || r < 0) {
            throw new IllegalArgumentException("t and r must not be negative (t=" + t + ", r=" + r + ")");
        }
        if (n < 3 * t + 2 * r + 1) {
            throw new IllegalArgumentException("n=" + n + " replicas cannot tolerate t=" + t + " and r=" + r
                    + ": need n >= 3t + 2r + 1 = " + (3 * t + 2 * r + 1));
        }
    }

    /** The smallest ensemble for {@code t} and {@code r}. */
    public static Quorums minimal(int t, int r) {
        return new Quorums(3 * t + 2 * r + 1, t, r);
    }

    /** Size of an agreement quorum: {@code 2t + r + 1} for the minimal {@code n}, more beyond. */
    public int agreement() {
        return Math.max(2 * t + r + 1, (n + t + 2) / 2);
    }

    /** Matching replies that vouch for a value because one of them is correct: {@code t + 1}. */
    public int vouch() {
        return t + 1;
    }

    public boolean isAgreementQuorum(int distinctReplicas) {
        return distinctReplicas >= agreement();
    }

    public boolean isAgreementQuorum(Collection<Integer> replicas) {
        return isAgreementQuorum(replicas.size());
    }

    public boolean vouches(int distinctReplicas) {
        return distinctReplicas >= vouch();
    }

    /** Fewest replicas that must stay eligible to propose so that one of them is correct. */
    public int minProposers() {
        return n - t - r;
    }

    public boolean isReplica(int id) {
        return id >= 0 && id < n;
    }
}
