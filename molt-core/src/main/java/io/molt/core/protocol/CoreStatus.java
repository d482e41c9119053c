package io.molt.core.protocol;

import java.util.List;

/** The core's progress, for status reports. */
public record CoreStatus(int replicaId, long epoch, long decidedPrefix, List<Integer> suspended, long viewChanges,
        int poolSize, long stableCheckpoint, long evidence) {

    public CoreStatus {
        suspended = List.copyOf(suspended);
    }
}
