package io.molt.core.protocol;

import java.util.List;

/**
 * The core's progress, for status reports.
 *
 * @param stateTransfers snapshots this replica fetched from its peers and installed
 * @param stateBytes the bytes of those snapshots
 * @param lastStateTransferMillis how long the latest of them took, from the first request
 *     to its installation (0 before the first)
 */
public record CoreStatus(int replicaId, long epoch, long decidedPrefix, List<Integer> suspended, long viewChanges,
        int poolSize, long stableCheckpoint, long evidence, long stateTransfers, long stateBytes,
        long lastStateTransferMillis) {

    public CoreStatus {
        suspended = List.copyOf(suspended);
    }
}
