package io.molt.sim;

/** Replays one seed with a trace of every notice and delivery: {@code ReplaySeed <seed> [maxLines]}. */
public final class ReplaySeed {
    private ReplaySeed() {}

    public static void main(String[] args) {
        long seed = Long.parseLong(args[0]);
        long[] lines = {0};
        long max = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
        System.out.println(Scenario.random(seed));
        try {
            System.out.println(new Simulation(seed).trace(line -> {
                if (lines[0]++ < max) {
                    System.out.println(line);
                }
            }).run());
        } catch (InvariantViolation e) {
            System.out.println(e.getMessage());
        }
    }
}
