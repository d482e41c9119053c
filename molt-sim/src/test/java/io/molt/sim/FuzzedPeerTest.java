package io.molt.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the replicas' message handling with well-formed traffic gone wrong: in each run
 * one replica mutates the bytes of half of what it sends (flips, overwrites, cuts, repeats)
 * and sends whatever still decodes, over a lossy, reordering network. The others must keep
 * agreement, identical execution and progress, and never blame one another. Bounded in
 * seeds and in time ({@code -Dsim.fuzzSeconds}, default 20).
 */
class FuzzedPeerTest {

    @Test
    void mutatedTrafficFromAPeerNeitherBreaksNorStallsTheOthers() {
        long budget = Long.getLong("sim.fuzzSeconds", 20) * 1_000_000_000L;
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        long fuzzed = 0;
        int runs = 0;
        for (long seed = 1; seed <= 2000 && System.nanoTime() - started < budget; seed++) {
            Scenario base = Scenario.random(seed);
            if (base.quorums().t() == 0) {
                continue;
            }
            FaultPlan f = base.faults();
            int culprit = (int) (seed % base.quorums().n());
            FaultPlan faults = new FaultPlan(f.dropRate(), f.duplicateRate(), f.minDelayMillis(), f.maxDelayMillis(),
                    f.partitions(), Map.of(), Map.of(), Map.of(), Set.of(), Map.of(culprit, FaultPlan.Lie.FUZZ), f.healAt());
            Scenario scenario = new Scenario(base.quorums(), base.settings(), base.clients(), base.operationsPerClient(),
                    base.concurrency(), base.readShare(), base.retryMillis(), faults, base.deadlineMillis(),
                    base.refresh());
            try {
                fuzzed += new Simulation(seed, scenario).run().fuzzedMessages();
                runs++;
            } catch (InvariantViolation e) {
                failures.add(e.getMessage());
                break;
            }
        }
        System.out.printf("fuzzed peers: %d runs, %d mutated messages delivered%n", runs, fuzzed);
        assertThat(failures).isEmpty();
        assertThat(runs).isGreaterThan(10);
        assertThat(fuzzed).as("mutated messages that decoded and reached a replica").isGreaterThan(1000);
    }
}
