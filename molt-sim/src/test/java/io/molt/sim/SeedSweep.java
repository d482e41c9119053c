package io.molt.sim;

/**
 * Runs a range of seeds outside JUnit and prints each failure: {@code -Dsim.first=F
 * -Dsim.count=N}; {@code -Dsim.verbose=true} names each seed before it runs (to find one
 * that never ends or runs out of memory).
 */
public final class SeedSweep {
    private SeedSweep() {}

    public static void main(String[] args) {
        long first = Long.getLong("sim.first", 1);
        long count = Long.getLong("sim.count", 1000);
        int failures = 0;
        long started = System.nanoTime();
        for (long seed = first; seed < first + count; seed++) {
            long t0 = System.nanoTime();
            if (Boolean.getBoolean("sim.verbose")) {
                System.out.println("seed " + seed);
            }
            try {
                new Simulation(seed).run();
                double secs = (System.nanoTime() - t0) / 1e9;
                if (secs > 2) {
                    System.out.printf("seed %d took %.1fs: %s%n", seed, secs, Scenario.random(seed));
                }
            } catch (InvariantViolation e) {
                failures++;
                System.out.println(e.getMessage().lines().findFirst().orElse(""));
            }
        }
        System.out.printf("%d seeds from %d: %d failures in %.1fs%n", count, first, failures,
                (System.nanoTime() - started) / 1e9);
    }
}
