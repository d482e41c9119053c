package io.molt.core.message;

import io.molt.core.crypto.Digest;
import java.util.List;

/**
 * A replica's progress, for operators and the demo. Not part of agreement; a replica may
 * lie here like anywhere else.
 *
 * @param stateDigest digest of the service state and client table after
 *     {@code lastExecuted}, or {@link Digest#ZERO} when not requested
 * @param suspended replica ids currently skipped as proposers
 */
public record StatusReport(int replicaId, long nonce, long epoch, long lastDecided, long lastExecuted,
        Digest stateDigest, List<Integer> suspended, long viewChanges) implements Message {

    public StatusReport {
        suspended = List.copyOf(suspended);
    }

    @Override
    public MessageType type() {
        return MessageType.STATUS_REPORT;
    }
}
