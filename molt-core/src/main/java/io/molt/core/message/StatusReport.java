package io.molt.core.message;

import io.molt.core.crypto.Digest;
import java.util.List;

/**
 * A replica's progress, for operators, the demo and the refresh controller. Not part of
 * agreement; a replica may lie here like anywhere else (the controller acts only on what
 * {@code t + 1} replicas report).
 *
 * @param stateDigest digest of the service state and client table after
 *     {@code lastExecuted}, or {@link Digest#ZERO} when not requested
 * @param suspended replica ids currently skipped as proposers
 * @param stableCheckpoint slot of the latest stable checkpoint, or 0
 * @param evidence evidence records this replica produced since it started
 * @param requestsExecuted ordered requests executed since the service began (replicated)
 */
public record StatusReport(int replicaId, long nonce, long epoch, long lastDecided, long lastExecuted,
        Digest stateDigest, List<Integer> suspended, long viewChanges, long stableCheckpoint, long evidence,
        long requestsExecuted, long stateTransfers, long stateBytes, long lastStateTransferMillis)
        implements Message {

    public StatusReport {
        suspended = List.copyOf(suspended);
    }

    @Override
    public MessageType type() {
        return MessageType.STATUS_REPORT;
    }
}
