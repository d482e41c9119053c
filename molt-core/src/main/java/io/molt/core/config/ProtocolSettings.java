package io.molt.core.config;

/**
 * Tuning of the agreement protocol. Every replica of an ensemble must use the same
 * values for {@code window} (it fixes when schedule changes take effect) and for
 * {@code clientWindow} (it decides which requests execute, so it is part of the replicated
 * state); the others may differ without harming safety. One {@code molt.yaml} describes the
 * whole ensemble, which keeps them equal in practice.
 *
 * @param window slots open for agreement ahead of the decided prefix; also how many slots
 *     later a change to the proposer schedule takes effect
 * @param maxProposalsInFlight undecided proposals one proposer may have at once before it
 *     lets requests accumulate into a larger batch
 * @param batchMaxRequests most requests in one batch
 * @param batchMaxBytes most request bytes in one batch
 * @param viewChangeTimeoutMillis how long a replica waits for an expected slot to be decided
 *     before it moves the slot to the next view; doubles with every further view
 * @param censorshipTimeoutMillis after this long unordered, any replica proposes a request,
 *     whichever proposer it was assigned to
 * @param clientWindow sequence numbers a client may have outstanding; older ones expire
 * @param poolMaxRequests most unordered requests a replica holds
 * @param decisionRetention decided slots kept to help replicas that fell behind
 * @param rejoinBackoffSlots slots a suspended replica waits before it may rejoin the first
 *     time; doubles with every further suspension
 * @param checkpointInterval a checkpoint is taken after every slot that is a multiple of this;
 *     must be equal on every replica, at least the window, and at most half the retention
 * @param snapshotChunkBytes size of the chunks a snapshot is cut into for transfer
 */
public record ProtocolSettings(int window, int maxProposalsInFlight, int batchMaxRequests, int batchMaxBytes,
        long viewChangeTimeoutMillis, long censorshipTimeoutMillis, int clientWindow, int poolMaxRequests,
        int decisionRetention, long rejoinBackoffSlots, int checkpointInterval, int snapshotChunkBytes) {

    public static final ProtocolSettings DEFAULTS = new ProtocolSettings(64, 2, 1024, 1 << 20, 400, 800, 1024,
            100_000, 4096, 256, 2048, 1 << 20);

    public ProtocolSettings {
        require(window >= 1 && window <= 4096, "window must be in [1, 4096]: " + window);
        require(maxProposalsInFlight >= 1, "maxProposalsInFlight must be at least 1: " + maxProposalsInFlight);
        require(batchMaxRequests >= 1, "batchMaxRequests must be at least 1: " + batchMaxRequests);
        require(batchMaxBytes >= 1024, "batchMaxBytes must be at least 1024: " + batchMaxBytes);
        require(viewChangeTimeoutMillis >= 1, "viewChangeTimeoutMillis must be positive: " + viewChangeTimeoutMillis);
        require(censorshipTimeoutMillis >= 1, "censorshipTimeoutMillis must be positive: " + censorshipTimeoutMillis);
        require(clientWindow >= 1 && clientWindow <= 1 << 16, "clientWindow must be in [1, 65536]: " + clientWindow);
        require(poolMaxRequests >= 1, "poolMaxRequests must be at least 1: " + poolMaxRequests);
        require(decisionRetention >= window, "decisionRetention must be at least the window: " + decisionRetention);
        require(rejoinBackoffSlots >= 1, "rejoinBackoffSlots must be at least 1: " + rejoinBackoffSlots);
        require(checkpointInterval >= window, "checkpointInterval must be at least the window: " + checkpointInterval);
        require(2L * checkpointInterval <= decisionRetention, "checkpointInterval must be at most half of"
                + " decisionRetention: " + checkpointInterval);
        require(snapshotChunkBytes >= 1024, "snapshotChunkBytes must be at least 1024: " + snapshotChunkBytes);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The same settings with window {@code w}; the checkpoint interval grows to it if needed. */
    public ProtocolSettings withWindow(int w) {
        int interval = Math.max(checkpointInterval, w);
        return new ProtocolSettings(w, maxProposalsInFlight, batchMaxRequests, batchMaxBytes, viewChangeTimeoutMillis,
                censorshipTimeoutMillis, clientWindow, poolMaxRequests, Math.max(decisionRetention, 2 * interval),
                rejoinBackoffSlots, interval, snapshotChunkBytes);
    }

    public ProtocolSettings withTimeouts(long viewChangeMillis, long censorshipMillis) {
        return new ProtocolSettings(window, maxProposalsInFlight, batchMaxRequests, batchMaxBytes, viewChangeMillis,
                censorshipMillis, clientWindow, poolMaxRequests, decisionRetention, rejoinBackoffSlots,
                checkpointInterval, snapshotChunkBytes);
    }

    /** The same settings with checkpoints every {@code interval} slots, keeping {@code retention} decisions. */
    public ProtocolSettings withCheckpoints(int interval, int retention, int chunkBytes) {
        return new ProtocolSettings(window, maxProposalsInFlight, batchMaxRequests, batchMaxBytes,
                viewChangeTimeoutMillis, censorshipTimeoutMillis, clientWindow, poolMaxRequests, retention,
                rejoinBackoffSlots, interval, chunkBytes);
    }
}
