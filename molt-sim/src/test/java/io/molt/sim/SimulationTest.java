package io.molt.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs many seeded simulations mixing message loss, duplication, reordering, partitions,
 * crashed and silent replicas, replicas restarted with nothing or from their own disks (every
 * correct replica at once in some runs), and replicas that lie (equivocating proposers,
 * false votes, bad checkpoints, mutated bytes),
 * over ensembles of 1 to 7 replicas. {@code -Dsim.seeds=N}
 * sets how many (CI runs the default from the build), {@code -Dsim.seed=S} replays one.
 */
class SimulationTest {

    @Test
    void manySeedsKeepAgreementAndMakeProgress() {
        String one = System.getProperty("sim.seed");
        long first = Long.getLong("sim.firstSeed", 1);
        int count = one != null ? 1 : Integer.getInteger("sim.seeds", 1000);
        List<String> failures = new ArrayList<>();
        long slots = 0;
        long viewChanges = 0;
        long installs = 0;
        long evidence = 0;
        long stable = 0;
        long recoveries = 0;
        long allCrashed = 0;
        long refreshes = 0;
        long slowestRefresh = 0;
        for (int i = 0; i < count; i++) {
            long seed = one != null ? Long.parseLong(one) : first + i;
            try {
                Simulation.Result result = new Simulation(seed).run();
                slots += result.slotsDecided();
                viewChanges += result.viewChanges();
                installs += result.stateInstalls();
                evidence += result.evidence();
                stable += result.stableCheckpoints() > 0 ? 1 : 0;
                recoveries += result.diskRecoveries();
                refreshes += result.refreshes();
                slowestRefresh = Math.max(slowestRefresh, result.maxRefreshRecoveryMillis());
                allCrashed += Scenario.random(seed).faults().everyCorrectReplicaRecovers(Scenario.random(seed).quorums().n()) ? 1 : 0;
            } catch (InvariantViolation e) {
                failures.add(e.getMessage());
                if (failures.size() >= 5) {
                    break;
                }
            }
        }
        System.out.printf("simulation: %d seeds, %d slots decided, %d view changes, %d runs with a stable checkpoint,"
                + " %d state transfers, %d evidence records, %d recoveries from disk, %d runs where every correct"
                + " replica crashed at once, %d refreshes (slowest recovery %d simulated ms)%n", count, slots,
                viewChanges, stable, installs, evidence, recoveries, allCrashed, refreshes, slowestRefresh);
        assertThat(failures).as("failing seeds").isEmpty();
        assertThat(slots).as("slots decided across all seeds").isGreaterThan(count);
        if (count >= 100) {
            // The mix must actually exercise checkpoints, state transfer and evidence.
            assertThat(stable).as("runs with a stable checkpoint").isGreaterThan(count / 2);
            assertThat(installs).as("state transfers").isPositive();
            assertThat(evidence).as("evidence records").isPositive();
            assertThat(recoveries).as("recoveries from disk").isPositive();
            assertThat(allCrashed).as("runs where every correct replica crashed at once").isPositive();
            assertThat(refreshes).as("replicas refreshed by the controller").isGreaterThan(count);
        }
    }
}
