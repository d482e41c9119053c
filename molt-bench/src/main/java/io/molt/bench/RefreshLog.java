package io.molt.bench;

import io.molt.controller.RefreshListener;
import io.molt.controller.Variant;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run shows of the controller's work: each standby, swap and recovery printed as it
 * happens (seconds since the run began), and the completed refreshes kept for the summary
 * and the benchmarks' plots. Called from the controller's threads; read by the run's.
 */
public final class RefreshLog implements RefreshListener {

    /**
     * One completed refresh: swapped at {@code swappedAtSecond} of the run, back in service
     * {@code recoveryMillis} after the kill.
     */
    public record Completed(long epoch, int replica, Variant from, Variant to, double swappedAtSecond,
            long outOfServiceMillis, long recoveryMillis, long stateBytes, long stateTransferMillis) {}

    private final PrintStream out;
    private final long startNanos;
    private final List<Completed> completed = new ArrayList<>();
    private final List<String> trouble = new ArrayList<>();

    public RefreshLog(PrintStream out, long startNanos) {
        this.out = out;
        this.startNanos = startNanos;
    }

    @Override
    public void provisioned(int replica, long epoch, Variant variant, long millis) {
        out.printf("  ~~ [%5.1fs] standby for replica %d (epoch %d) is warm: %s, ready in %d ms%n", seconds(),
                replica, epoch, variant, millis);
    }

    @Override
    public void swapped(Swap swap) {
        out.printf("  ~~ [%5.1fs] epoch %d: replica %d swapped at slot %d, %s -> %s, out of service %d ms%n",
                seconds(), swap.epoch(), swap.replica(), swap.firstSlot(), swap.from(), swap.to(),
                swap.outOfServiceMillis());
    }

    @Override
    public void recovered(Swap swap, Recovery recovery) {
        double swappedAt = (swap.retiredAtNanos() - startNanos) / 1e9;
        synchronized (this) {
            completed.add(new Completed(swap.epoch(), swap.replica(), swap.from(), swap.to(), swappedAt,
                    swap.outOfServiceMillis(), recovery.millis(), recovery.stateBytes(),
                    recovery.stateTransferMillis()));
        }
        String fetched = recovery.stateBytes() < 0 ? "" : String.format(" (%,d bytes of state fetched in %d ms)",
                recovery.stateBytes(), recovery.stateTransferMillis());
        out.printf("  ~~ [%5.1fs] epoch %d: replica %d recovered its state and is back in service, %d ms after"
                + " its predecessor was killed%s%n", seconds(), swap.epoch(), swap.replica(), recovery.millis(),
                fetched);
    }

    @Override
    public synchronized void trouble(String what) {
        trouble.add(what);
        out.printf("  ~~ [%5.1fs] controller: %s%n", seconds(), what);
    }

    /** Adds {@code refreshes}, {@code rounds}, {@code max_recovery_ms} and the swaps to a run's summary. */
    public synchronized void summarise(Map<String, Object> summary, int replicas) {
        summary.put("refreshes", completed.size());
        List<Round> rounds = rounds(replicas);
        summary.put("rounds", rounds.size());
        summary.put("max_recovery_ms", completed.stream().mapToLong(Completed::recoveryMillis).max().orElse(0));
        summary.put("max_out_of_service_ms",
                completed.stream().mapToLong(Completed::outOfServiceMillis).max().orElse(0));
        summary.put("swaps", completed.stream().map(RefreshLog::asJson).toList());
        if (!rounds.isEmpty()) {
            summary.put("round_ms", rounds.stream().map(Round::millis).toList());
            summary.put("max_round_ms", rounds.stream().mapToLong(Round::millis).max().orElse(0));
        }
        if (!trouble.isEmpty()) {
            summary.put("controller_trouble", List.copyOf(trouble));
        }
    }

    /** A full round: {@code n} consecutive refreshes, from the first kill until the last replica was back. */
    public record Round(long firstEpoch, long millis) {}

    /** The full rounds among the completed refreshes, in order (consecutive epochs, each replica once). */
    private List<Round> rounds(int replicas) {
        List<Round> rounds = new ArrayList<>();
        int start = 0;
        while (start + replicas <= completed.size()) {
            List<Completed> window = completed.subList(start, start + replicas);
            boolean consecutive = true;
            for (int i = 1; i < replicas; i++) {
                consecutive &= window.get(i).epoch() == window.get(0).epoch() + i;
            }
            if (!consecutive || window.stream().map(Completed::replica).distinct().count() != replicas) {
                start++; // an epoch without a completed refresh in between: not a round
                continue;
            }
            Completed first = window.get(0);
            Completed last = window.get(replicas - 1);
            double end = last.swappedAtSecond() + last.recoveryMillis() / 1000.0;
            rounds.add(new Round(first.epoch(), Math.round((end - first.swappedAtSecond()) * 1000)));
            start += replicas;
        }
        return rounds;
    }

    private static Map<String, Object> asJson(Completed c) {
        Map<String, Object> swap = new LinkedHashMap<>();
        swap.put("epoch", c.epoch());
        swap.put("replica", c.replica());
        swap.put("from", c.from().describe());
        swap.put("to", c.to().describe());
        swap.put("at_s", Math.round(c.swappedAtSecond() * 10) / 10.0);
        swap.put("out_of_service_ms", c.outOfServiceMillis());
        swap.put("recovery_ms", c.recoveryMillis());
        swap.put("state_bytes", c.stateBytes());
        swap.put("state_transfer_ms", c.stateTransferMillis());
        return swap;
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
