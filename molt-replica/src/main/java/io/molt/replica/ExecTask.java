package io.molt.replica;

import io.molt.core.message.Batch;
import io.molt.core.message.Request;
import io.molt.core.message.StatusQuery;
import io.molt.core.protocol.CoreStatus;
import io.molt.core.state.Snapshot;

/** Work for the execution stage, in the order the core produced it. */
sealed interface ExecTask {
    record Deliver(long epoch, long slot, Batch batch) implements ExecTask {}

    /** Take a checkpoint snapshot after the slot delivered just before. */
    record Checkpoint(long slot, byte[] protocolState) implements ExecTask {}

    /** Replace the state with a fetched, verified snapshot. */
    record Install(Snapshot snapshot) implements ExecTask {}

    record Query(Request request, long minExecutedSlot) implements ExecTask {}

    record Resend(long clientId, long seq) implements ExecTask {}

    record Status(long clientId, StatusQuery query, CoreStatus core) implements ExecTask {}
}
