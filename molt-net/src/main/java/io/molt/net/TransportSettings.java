package io.molt.net;

import java.time.Duration;

/**
 * How a transport behaves; the same values for replicas and clients unless stated.
 *
 * @param maxFrameBytes largest frame accepted from a peer (and that may be sent); a peer
 *     announcing a larger one is disconnected
 * @param outboundQueueBytes bytes (frames plus their 4-byte length prefixes) one
 *     connection may hold that are not yet handed to Netty; a frame that would exceed it
 *     is dropped, so a frame larger than this is never sent
 * @param reconnectMinDelay first delay before redialing a replica; doubles per failure
 * @param reconnectMaxDelay the most the redial delay grows to
 * @param connectTimeout how long a TCP connect may take
 * @param handshakeTimeout how long the TLS handshake may take
 * @param ioThreads event-loop threads
 */
public record TransportSettings(int maxFrameBytes, long outboundQueueBytes, Duration reconnectMinDelay,
        Duration reconnectMaxDelay, Duration connectTimeout, Duration handshakeTimeout, int ioThreads) {

    public TransportSettings {
        require(maxFrameBytes >= 1, "maxFrameBytes must be positive: " + maxFrameBytes);
        require(outboundQueueBytes >= 1, "outboundQueueBytes must be positive: " + outboundQueueBytes);
        require(reconnectMinDelay.toMillis() >= 1, "reconnectMinDelay must be at least 1 ms: " + reconnectMinDelay);
        require(reconnectMaxDelay.compareTo(reconnectMinDelay) >= 0,
                "reconnectMaxDelay must not be below reconnectMinDelay: " + reconnectMaxDelay);
        require(connectTimeout.toMillis() >= 1 && connectTimeout.toMillis() <= Integer.MAX_VALUE,
                "connectTimeout out of range: " + connectTimeout);
        require(handshakeTimeout.toMillis() >= 1, "handshakeTimeout must be at least 1 ms: " + handshakeTimeout);
        require(ioThreads >= 1, "ioThreads must be positive: " + ioThreads);
    }

    /** A replica: 16 MB frames, a 64 MB queue per connection, two event loops. */
    public static TransportSettings replicaDefaults() {
        return new TransportSettings(16 << 20, 64L << 20, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(5), 2);
    }

    /** A client: 16 MB frames, an 8 MB queue per connection, one event loop. */
    public static TransportSettings clientDefaults() {
        return new TransportSettings(16 << 20, 8L << 20, Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(5), 1);
    }

    public TransportSettings withMaxFrameBytes(int bytes) {
        return new TransportSettings(bytes, outboundQueueBytes, reconnectMinDelay, reconnectMaxDelay,
                connectTimeout, handshakeTimeout, ioThreads);
    }

    public TransportSettings withOutboundQueueBytes(long bytes) {
        return new TransportSettings(maxFrameBytes, bytes, reconnectMinDelay, reconnectMaxDelay, connectTimeout,
                handshakeTimeout, ioThreads);
    }

    public TransportSettings withReconnectDelays(Duration min, Duration max) {
        return new TransportSettings(maxFrameBytes, outboundQueueBytes, min, max, connectTimeout, handshakeTimeout,
                ioThreads);
    }

    public TransportSettings withIoThreads(int threads) {
        return new TransportSettings(maxFrameBytes, outboundQueueBytes, reconnectMinDelay, reconnectMaxDelay,
                connectTimeout, handshakeTimeout, threads);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
