package io.molt.sim;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The faults of one simulated run. Network faults (loss, duplication, delay spread,
 * partitions) last until {@code healAt}; after that the network is reliable with delays in
 * the normal range, and progress must resume.
 *
 * @param dropRate probability that a message is lost
 * @param duplicateRate probability that a message is delivered twice
 * @param minDelayMillis shortest network delay
 * @param maxDelayMillis longest network delay before healing (a wide range reorders)
 * @param partitions periods during which some replicas cannot reach the others
 * @param crashes replica id → time it crashes (and stays down unless it restarts)
 * @param restarts replica id → time a crashed replica starts again with no state at all
 *     (same identity and keys); it must fetch its state from its peers, and it may sign
 *     again, differently, what it signed before: it counts as faulty
 * @param recoveries replica id → time a crashed replica starts again from its own durable
 *     state (snapshot, decided log, vote records); it is a correct replica throughout
 * @param silent replicas that run but whose messages never arrive (a mute faulty replica)
 * @param byzantine replicas that run the protocol but lie, and how
 * @param healAt when network faults stop
 */
public record FaultPlan(double dropRate, double duplicateRate, long minDelayMillis, long maxDelayMillis,
        List<Partition> partitions, Map<Integer, Long> crashes, Map<Integer, Long> restarts,
        Map<Integer, Long> recoveries, Set<Integer> silent, Map<Integer, Lie> byzantine, long healAt) {

    public FaultPlan {
        partitions = List.copyOf(partitions);
        // Sorted, not Map.copyOf: the simulation iterates these while drawing from the seeded
        // Random, and the JDK's immutable collections iterate in an order salted per JVM, so a
        // seed would not replay exactly in another process.
        crashes = sorted(crashes);
        restarts = sorted(restarts);
        recoveries = sorted(recoveries);
        for (Map<Integer, Long> starts : List.of(restarts, recoveries)) {
            for (Map.Entry<Integer, Long> r : starts.entrySet()) {
                Long crash = crashes.get(r.getKey());
                if (crash == null || crash >= r.getValue()) {
                    throw new IllegalArgumentException("replica " + r.getKey() + " restarts without crashing first");
                }
            }
        }
        for (Integer id : recoveries.keySet()) {
            if (restarts.containsKey(id)) {
                throw new IllegalArgumentException("replica " + id + " cannot both lose and keep its disk");
            }
        }
        silent = sorted(silent);
        byzantine = sorted(byzantine);
    }

    private static <V> Map<Integer, V> sorted(Map<Integer, V> map) {
        map.values().forEach(java.util.Objects::requireNonNull);
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }

    private static Set<Integer> sorted(Set<Integer> set) {
        return Collections.unmodifiableSet(new TreeSet<>(set));
    }

    public static FaultPlan none() {
        return new FaultPlan(0, 0, 1, 3, List.of(), Map.of(), Map.of(), Map.of(), Set.of(), Map.of(), 0);
    }

    /** How a Byzantine replica lies. */
    public enum Lie {
        /** Sends different proposals for one slot to different replicas. */
        EQUIVOCATE,
        /** Sends prepares and commits for digests nobody proposed to some replicas. */
        FALSE_VOTES,
        /**
         * Signs wrong checkpoint digests for some replicas and serves corrupted snapshot
         * chunks and manifests to replicas that fetch state.
         */
        BAD_CHECKPOINT,
        /**
         * Mutates the bytes of half of what it sends (flips, overwrites, cuts, repeats) and
         * sends whatever still decodes: the replica-side fuzzing of message handling.
         */
        FUZZ
    }

    /** Whether every correct replica crashes and recovers from its disk during the run. */
    public boolean everyCorrectReplicaRecovers(int n) {
        for (int id = 0; id < n; id++) {
            if (isCorrect(id) && !restarts.containsKey(id) && !recoveries.containsKey(id)) {
                return false;
            }
        }
        return !recoveries.isEmpty();
    }

    /** Whether a replica follows the protocol (its decisions must satisfy the invariants). */
    public boolean isCorrect(int replica) {
        return !silent.contains(replica) && !byzantine.containsKey(replica);
    }

    /** A set of replicas cut off from everyone else between {@code from} and {@code until}. */
    public record Partition(Set<Integer> isolated, long from, long until) {
        public Partition {
            isolated = sorted(isolated);
        }

        boolean separates(int a, int b, long now) {
            return now >= from && now < until && isolated.contains(a) != isolated.contains(b);
        }
    }

    /** Whether a message from {@code a} to {@code b} (replica ids; clients are -1) is cut at {@code now}. */
    boolean partitioned(int a, int b, long now) {
        for (Partition p : partitions) {
            if (p.separates(a, b, now)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "drop=" + dropRate + " dup=" + duplicateRate + " delay=" + minDelayMillis + ".." + maxDelayMillis
                + "ms partitions=" + partitions + " crashes=" + crashes + " restarts=" + restarts
                + " recoveries=" + recoveries + " silent=" + silent
                + " byzantine=" + byzantine + " healAt=" + healAt;
    }
}
