package io.molt.sim;

import io.molt.core.config.ProtocolSettings;
import io.molt.core.quorum.Quorums;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Everything a simulated run depends on besides its seed: the ensemble, the protocol
 * settings, the workload and the faults. {@link #random(long)} derives one from a seed, so
 * a seed alone names a run.
 */
public record Scenario(Quorums quorums, ProtocolSettings settings, int clients, int operationsPerClient,
        int concurrency, double readShare, long retryMillis, FaultPlan faults, long deadlineMillis, Refresh refresh) {

    /**
     * Proactive refresh by the controller: {@code count} replicas refreshed one after the
     * other (in order {@code e mod n}), the first at {@code startMillis}, each
     * {@code periodMillis} after the previous one recovered.
     */
    public record Refresh(int count, long startMillis, long periodMillis) {
        public static final Refresh NONE = new Refresh(0, 0, 0);

        @Override
        public String toString() {
            return count == 0 ? "no refresh" : count + " refreshes every " + periodMillis + "ms from " + startMillis
                    + "ms";
        }
    }

    /** A scenario drawn from {@code seed}: ensemble size, faults and workload all vary. */
    public static Scenario random(long seed) {
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        // Drawn apart, so that the other draws stay what they were before refresh existed.
        Random refreshRnd = new Random(seed ^ 0x2545F4914F6CDD1DL);
        Quorums quorums = switch (rnd.nextInt(10)) {
            case 0 -> new Quorums(1, 0, 0);
            case 1, 2 -> new Quorums(6, 1, 1);
            case 3 -> new Quorums(7, 2, 0);
            case 4 -> new Quorums(5, 1, 0);
            default -> new Quorums(4, 1, 0);
        };
        int n = quorums.n();
        Refresh drawn = n > 1 && refreshRnd.nextInt(3) == 0
                ? new Refresh(n + refreshRnd.nextInt(n + 1), 200 + refreshRnd.nextInt(1500), 50 + refreshRnd.nextInt(500))
                : Refresh.NONE;
        int window = new int[] {4, 8, 16, 32}[rnd.nextInt(4)];
        // Checkpoints every one or two windows and little retention, so that runs of a few
        // hundred slots take several checkpoints, collect garbage and transfer state.
        int interval = window * (1 + rnd.nextInt(2));
        ProtocolSettings settings = ProtocolSettings.DEFAULTS
                .withWindow(window)
                .withTimeouts(100 + rnd.nextInt(200), 150 + rnd.nextInt(300))
                .withCheckpoints(interval, 2 * interval + rnd.nextInt(2) * window, 1024 + rnd.nextInt(3072));

        // Up to t replicas are faulty (crashed, silent or lying); with r > 0, up to r more crash.
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(i);
        }
        java.util.Collections.shuffle(ids, rnd);
        int faulty = quorums.t() == 0 ? 0 : rnd.nextInt(quorums.t() + 1);
        // Without r, the replica being refreshed is one of the t: refresh only runs then in
        // ensembles that have no other faulty replica.
        Refresh refresh = quorums.r() == 0 && faulty > 0 ? Refresh.NONE : drawn;
        int crashedExtra = quorums.r() == 0 ? 0 : rnd.nextInt(quorums.r() + 1);
        Map<Integer, Long> crashes = new HashMap<>();
        Map<Integer, Long> restarts = new HashMap<>();
        Set<Integer> silent = new HashSet<>();
        Map<Integer, FaultPlan.Lie> byzantine = new HashMap<>();
        int k = 0;
        for (int i = 0; i < faulty; i++) {
            int id = ids.get(k++);
            switch (rnd.nextInt(7)) {
                case 0 -> silent.add(id);
                case 1 -> crashes.put(id, (long) rnd.nextInt(3000));
                case 2 -> byzantine.put(id, FaultPlan.Lie.EQUIVOCATE);
                case 3 -> byzantine.put(id, FaultPlan.Lie.FALSE_VOTES);
                case 4 -> byzantine.put(id, FaultPlan.Lie.BAD_CHECKPOINT);
                case 5 -> byzantine.put(id, FaultPlan.Lie.FUZZ);
                default -> {
                    // Restarted without state, it may vote again in slots it voted in before
                    // the crash: within the fault budget, like any other faulty replica.
                    long crashAt = rnd.nextInt(3000);
                    crashes.put(id, crashAt);
                    restarts.put(id, crashAt + 100 + rnd.nextInt(3000));
                }
            }
        }
        for (int i = 0; i < crashedExtra; i++) {
            long at = rnd.nextInt(3000);
            if (refresh.count() == 0) {
                crashes.put(ids.get(k++), at); // with refresh, the refreshed replica is the one of r
            }
        }
        // Correct replicas that crash and come back from their own disks: one or two now and
        // then, or every correct replica at once (the case where nothing but the disks keeps
        // what clients were told). While one is down it adds to the faults, so progress may
        // stop until it is back; safety must hold throughout.
        Map<Integer, Long> recoveries = new HashMap<>();
        int mode = rnd.nextInt(8);
        if (mode == 0) {
            long at = rnd.nextInt(2500);
            for (int id = 0; id < n; id++) {
                if (!crashes.containsKey(id) && !silent.contains(id) && !byzantine.containsKey(id)) {
                    crashes.put(id, at);
                    recoveries.put(id, at + 50 + rnd.nextInt(800));
                }
            }
        } else if (mode <= 3) {
            int count = Math.min(n - k, 1 + rnd.nextInt(2));
            for (int i = 0; i < count; i++) {
                int id = ids.get(k++);
                long crashAt = rnd.nextInt(3000);
                crashes.put(id, crashAt);
                recoveries.put(id, crashAt + 50 + rnd.nextInt(1500));
            }
        }

        boolean lossy = rnd.nextInt(3) > 0;
        double drop = lossy ? new double[] {0.01, 0.05, 0.15}[rnd.nextInt(3)] : 0;
        double dup = rnd.nextInt(3) == 0 ? 0.05 : 0;
        long maxDelay = new long[] {3, 20, 80}[rnd.nextInt(3)];
        List<FaultPlan.Partition> partitions = new ArrayList<>();
        if (n > 1 && rnd.nextInt(3) == 0) {
            Set<Integer> isolated = new HashSet<>();
            int size = 1 + rnd.nextInt(Math.max(1, n / 2));
            for (int i = 0; i < size; i++) {
                isolated.add(rnd.nextInt(n));
            }
            long from = rnd.nextInt(2000);
            partitions.add(new FaultPlan.Partition(isolated, from, from + 200 + rnd.nextInt(1500)));
        }
        long healAt = 2000 + rnd.nextInt(2000);
        FaultPlan faults = new FaultPlan(drop, dup, 1, maxDelay, partitions, crashes, restarts, recoveries, silent,
                byzantine, healAt);

        int clients = 1 + rnd.nextInt(4);
        int ops = 10 + rnd.nextInt(restarts.isEmpty() && recoveries.isEmpty() ? 40 : 150);
        int concurrency = 1 + rnd.nextInt(3);
        return new Scenario(quorums, settings, clients, ops, concurrency, rnd.nextInt(3) == 0 ? 0.3 : 0.1, 300,
                faults, healAt + 60_000, refresh);
    }

    @Override
    public String toString() {
        return "n=" + quorums.n() + " t=" + quorums.t() + " r=" + quorums.r() + " window=" + settings.window()
                + " vcTimeout=" + settings.viewChangeTimeoutMillis() + "ms clients=" + clients + "x"
                + operationsPerClient + " (concurrency " + concurrency + ", reads " + readShare + ") faults: " + faults
                + ", " + refresh;
    }
}
