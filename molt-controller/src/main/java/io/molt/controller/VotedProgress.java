package io.molt.controller;

import io.molt.core.message.StatusReport;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * What the controller believes about the replicas' progress: only what {@code t + 1} of them
 * report, so at least one correct replica vouches for it. Status reports are individually
 * unauthenticated; a value at least {@code t + 1} replicas report at least is safe to act on.
 */
record VotedProgress(List<StatusReport> reports, int vouch) {

    VotedProgress {
        reports = List.copyOf(reports);
    }

    /** The largest {@code v} such that {@code vouch} replicas report at least {@code v}; empty if too few answered. */
    OptionalLong atLeast(ToLongFunction<StatusReport> field) {
        if (reports.size() < vouch) {
            return OptionalLong.empty();
        }
        long[] values = reports.stream().mapToLong(field).sorted().toArray();
        return OptionalLong.of(values[values.length - vouch]);
    }

    /**
     * What {@code replica} says about itself, if it answered: informational only (for the
     * operator), never acted on.
     */
    Optional<StatusReport> reportOf(int replica) {
        return reports.stream().filter(r -> r.replicaId() == replica).findFirst();
    }

    /**
     * Whether {@code vouch} replicas in epoch {@code epoch} or later no longer skip
     * {@code replica} as a proposer: it recovered and rejoined.
     */
    boolean reinstated(int replica, long epoch) {
        long saying = reports.stream().filter(r -> r.epoch() >= epoch && !r.suspended().contains(replica)).count();
        return saying >= vouch;
    }
}
