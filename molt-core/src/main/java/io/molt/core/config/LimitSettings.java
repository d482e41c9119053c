package io.molt.core.config;

/**
 * Bounds on what a replica accepts and buffers, so memory stays bounded under any load.
 *
 * @param maxFrameBytes largest frame on a connection, whole message included
 * @param maxRequestBytes largest request payload a client may send; must fit in a frame
 *     with {@link #FRAME_OVERHEAD_BYTES} to spare
 * @param replicaQueueBytes most bytes queued for sending to one replica; at least one frame
 * @param clientQueueBytes most bytes queued for one client; at least one request
 * @param clientMessagesPerSecond most messages a replica takes from one client per second
 *     (with a burst of as many); beyond, they are dropped and the client told it is too fast
 */
public record LimitSettings(int maxFrameBytes, int maxRequestBytes, long replicaQueueBytes, long clientQueueBytes,
        int clientMessagesPerSecond) {

    /** Room a frame keeps beside its payload for headers, signatures and digests. */
    public static final int FRAME_OVERHEAD_BYTES = 1 << 10;
    public static final int MIN_FRAME_BYTES = 4 << 10;
    public static final int MAX_FRAME_BYTES = 1 << 30;
    public static final long MAX_QUEUE_BYTES = 1L << 40;

    public static final LimitSettings DEFAULTS = new LimitSettings(16 << 20, 1 << 20, 64L << 20, 8L << 20, 200_000);

    /** The limits of the first versions, which had no per-client rate: the default rate added. */
    public LimitSettings(int maxFrameBytes, int maxRequestBytes, long replicaQueueBytes, long clientQueueBytes) {
        this(maxFrameBytes, maxRequestBytes, replicaQueueBytes, clientQueueBytes, 200_000);
    }

    public LimitSettings {
        if (maxFrameBytes < MIN_FRAME_BYTES || maxFrameBytes > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes must be in [" + MIN_FRAME_BYTES + ", " + MAX_FRAME_BYTES
                    + "]: " + maxFrameBytes);
        }
        if (maxRequestBytes < 1 || maxRequestBytes > maxPayloadBytes(maxFrameBytes)) {
            throw new IllegalArgumentException("maxRequestBytes must be in [1, maxFrameBytes - " + FRAME_OVERHEAD_BYTES
                    + "]: " + maxRequestBytes);
        }
        if (replicaQueueBytes < maxFrameBytes || replicaQueueBytes > MAX_QUEUE_BYTES) {
            throw new IllegalArgumentException("replicaQueueBytes must be in [maxFrameBytes, " + MAX_QUEUE_BYTES
                    + "]: " + replicaQueueBytes);
        }
        if (clientQueueBytes < maxRequestBytes || clientQueueBytes > MAX_QUEUE_BYTES) {
            throw new IllegalArgumentException("clientQueueBytes must be in [maxRequestBytes, " + MAX_QUEUE_BYTES
                    + "]: " + clientQueueBytes);
        }
        if (clientMessagesPerSecond < 1) {
            throw new IllegalArgumentException("clientMessagesPerSecond must be positive: " + clientMessagesPerSecond);
        }
    }

    /** Largest payload (a request or a batch) that fits in a frame of the given size. */
    public static int maxPayloadBytes(int maxFrameBytes) {
        return maxFrameBytes - FRAME_OVERHEAD_BYTES;
    }
}
