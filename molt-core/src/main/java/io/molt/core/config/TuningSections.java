package io.molt.core.config;

import java.time.Duration;

/**
 * The optional {@code limits}, {@code protocol}, {@code client} and {@code refresh} sections. Every field
 * falls back to its default; rules that relate fields are checked only between values that
 * are valid on their own, so one mistake is not reported twice. Read {@code limits} first:
 * a batch must fit in the frame it sets.
 */
final class TuningSections {
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private final Problems problems;
    /** The frame size {@code limits} set, once known to be valid. */
    private Long validFrameBytes;

    TuningSections(Problems problems) {
        this.problems = problems;
    }

    LimitSettings limits(Section s) {
        LimitSettings d = LimitSettings.DEFAULTS;
        long frame = or(s.size("max-frame-bytes", LimitSettings.MIN_FRAME_BYTES, LimitSettings.MAX_FRAME_BYTES),
                d.maxFrameBytes());
        long request = or(s.size("max-request-bytes", 1, LimitSettings.MAX_FRAME_BYTES), d.maxRequestBytes());
        long replicaQueue = or(s.size("replica-queue-bytes", 1, LimitSettings.MAX_QUEUE_BYTES),
                d.replicaQueueBytes());
        long clientQueue = or(s.size("client-queue-bytes", 1, LimitSettings.MAX_QUEUE_BYTES), d.clientQueueBytes());
        long clientRate = or(s.integer("client-messages-per-second", 1, Integer.MAX_VALUE),
                d.clientMessagesPerSecond());
        s.rejectUnknown();

        boolean frameOk = !problems.reportedAt(s.pathOf("max-frame-bytes"));
        boolean requestOk = !problems.reportedAt(s.pathOf("max-request-bytes"));
        validFrameBytes = frameOk ? frame : null;
        long maxRequest = LimitSettings.maxPayloadBytes((int) frame);
        if (frameOk && requestOk && request > maxRequest) {
            addConflict(s, "max-request-bytes", "limits.max-frame-bytes", shown(s, "max-request-bytes", request)
                    + " does not fit in a frame (expected at most limits.max-frame-bytes - 1KiB = "
                    + Units.formatSize(maxRequest) + ")");
        }
        if (frameOk && !problems.reportedAt(s.pathOf("replica-queue-bytes")) && replicaQueue < frame) {
            addConflict(s, "replica-queue-bytes", "limits.max-frame-bytes",
                    shown(s, "replica-queue-bytes", replicaQueue) + " cannot hold one frame (expected at least"
                            + " limits.max-frame-bytes = " + Units.formatSize(frame) + ")");
        }
        if (requestOk && !problems.reportedAt(s.pathOf("client-queue-bytes")) && clientQueue < request) {
            addConflict(s, "client-queue-bytes", "limits.max-request-bytes",
                    shown(s, "client-queue-bytes", clientQueue) + " cannot hold one request (expected at least"
                            + " limits.max-request-bytes = " + Units.formatSize(request) + ")");
        }
        if (problems.reportedAt(s.path())) {
            return null;
        }
        return new LimitSettings((int) frame, (int) request, replicaQueue, clientQueue, (int) clientRate);
    }

    ProtocolSettings protocol(Section s) {
        ProtocolSettings d = ProtocolSettings.DEFAULTS;
        int max = Integer.MAX_VALUE;
        long window = or(s.integer("window", 1, 4096), d.window());
        long inFlight = or(s.integer("max-proposals-in-flight", 1, max), d.maxProposalsInFlight());
        long batchRequests = or(s.integer("batch-max-requests", 1, max), d.batchMaxRequests());
        long batchBytes = or(s.size("batch-max-bytes", 1024, LimitSettings.MAX_FRAME_BYTES), d.batchMaxBytes());
        Duration viewChange = s.duration("view-change-timeout", MIN_TIMEOUT, MAX_TIMEOUT);
        Duration censorship = s.duration("censorship-timeout", MIN_TIMEOUT, MAX_TIMEOUT);
        long clientWindow = or(s.integer("client-window", 1, 1 << 16), d.clientWindow());
        long pool = or(s.integer("pool-max-requests", 1, max), d.poolMaxRequests());
        long retention = or(s.integer("decision-retention", 1, max), d.decisionRetention());
        long rejoin = or(s.integer("rejoin-backoff-slots", 1, Long.MAX_VALUE), d.rejoinBackoffSlots());
        long interval = or(s.integer("checkpoint-interval", 1, 1 << 30), d.checkpointInterval());
        long chunk = or(s.size("snapshot-chunk-bytes", 1024, LimitSettings.MAX_FRAME_BYTES), d.snapshotChunkBytes());
        s.rejectUnknown();

        if (!problems.reportedAt(s.pathOf("window")) && !problems.reportedAt(s.pathOf("decision-retention"))
                && retention < window) {
            addConflict(s, "decision-retention", "protocol.window", retention
                    + (s.has("decision-retention") ? "" : " (the default)") + " is less than protocol.window = "
                    + window + " (expected at least the window)");
        }
        if (!problems.reportedAt(s.pathOf("window")) && !problems.reportedAt(s.pathOf("checkpoint-interval"))
                && interval < window) {
            addConflict(s, "checkpoint-interval", "protocol.window", interval
                    + (s.has("checkpoint-interval") ? "" : " (the default)") + " is less than protocol.window = " + window + " (expected at least the window)");
        }
        if (!problems.reportedAt(s.pathOf("decision-retention")) && !problems.reportedAt(s.pathOf("checkpoint-interval"))
                && retention < 2 * interval) {
            addConflict(s, "decision-retention", "protocol.checkpoint-interval", retention
                    + (s.has("decision-retention") ? "" : " (the default)") + " is less than twice protocol.checkpoint-interval = " + interval
                    + " (peers must keep the decisions after a stable checkpoint)");
        }

        if (validFrameBytes != null && !problems.reportedAt(s.pathOf("batch-max-bytes"))
                && batchBytes > LimitSettings.maxPayloadBytes(validFrameBytes.intValue())) {
            addConflict(s, "batch-max-bytes", "limits.max-frame-bytes", shown(s, "batch-max-bytes", batchBytes)
                    + " does not fit in a frame (expected at most limits.max-frame-bytes - 1KiB = "
                    + Units.formatSize(LimitSettings.maxPayloadBytes(validFrameBytes.intValue())) + ")");
        }
        if (validFrameBytes != null && !problems.reportedAt(s.pathOf("snapshot-chunk-bytes"))
                && chunk > LimitSettings.maxPayloadBytes(validFrameBytes.intValue())) {
            addConflict(s, "snapshot-chunk-bytes", "limits.max-frame-bytes", shown(s, "snapshot-chunk-bytes", chunk)
                    + " does not fit in a frame (expected at most limits.max-frame-bytes - 1KiB = "
                    + Units.formatSize(LimitSettings.maxPayloadBytes(validFrameBytes.intValue())) + ")");
        }
        if (problems.reportedAt(s.path())) {
            return null;
        }
        try {
            return new ProtocolSettings((int) window, (int) inFlight, (int) batchRequests, (int) batchBytes,
                    viewChange == null ? d.viewChangeTimeoutMillis() : viewChange.toMillis(),
                    censorship == null ? d.censorshipTimeoutMillis() : censorship.toMillis(), (int) clientWindow,
                    (int) pool, (int) retention, rejoin, (int) interval, (int) chunk);
        } catch (IllegalArgumentException e) {
            // A rule of ProtocolSettings that the checks above do not mirror yet.
            problems.add(s.path(), e.getMessage());
            return null;
        }
    }

    ClientSettings client(Section s) {
        Duration timeout = s.duration("request-timeout", ClientSettings.MIN_TIMEOUT, ClientSettings.MAX_TIMEOUT);
        Long retries = s.integer("max-retries", 0, ClientSettings.MAX_RETRIES);
        s.rejectUnknown();
        if (problems.reportedAt(s.path())) {
            return null;
        }
        ClientSettings d = ClientSettings.DEFAULTS;
        return new ClientSettings(timeout == null ? d.requestTimeout() : timeout,
                retries == null ? d.maxRetries() : retries.intValue());
    }

    RefreshSettings refresh(Section s) {
        Duration period = s.duration("period", RefreshSettings.MIN_PERIOD, RefreshSettings.MAX_PERIOD);
        Long lifespan = s.integer("lifespan-requests", 0, Long.MAX_VALUE);
        Long controller = s.integer("controller-client", 0, Long.MAX_VALUE);
        s.rejectUnknown();
        if (problems.reportedAt(s.path())) {
            return null;
        }
        RefreshSettings d = RefreshSettings.DEFAULTS;
        return new RefreshSettings(period == null ? d.period() : period,
                lifespan == null ? d.lifespanRequests() : lifespan,
                controller == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(controller));
    }

    /**
     * Reports that {@code field} conflicts with {@code other}, at the line of {@code field}
     * when the file sets it, else at the line of the setting it conflicts with.
     */
    private void addConflict(Section s, String field, String other, String message) {
        problems.addAt(s.pathOf(field), s.has(field) ? s.pathOf(field) : other, message);
    }

    /** A size as an error message shows it, marked when the file did not set it. */
    private static String shown(Section s, String field, long bytes) {
        return Units.formatSize(bytes) + (s.has(field) ? "" : " (the default)");
    }

    private static long or(Long value, long fallback) {
        return value == null ? fallback : value;
    }
}
