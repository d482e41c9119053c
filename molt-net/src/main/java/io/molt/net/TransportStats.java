package io.molt.net;

/**
 * A snapshot of a transport's counters since it started. Byte counts are frame bytes,
 * without length prefixes or TLS overhead. Counters are read one by one, so a snapshot
 * taken under load is consistent per counter, not across counters.
 *
 * @param framesSent frames handed to Netty for writing
 * @param bytesSent bytes of those frames
 * @param framesReceived frames received from authenticated peers
 * @param bytesReceived bytes of those frames
 * @param framesDropped frames a send refused (no connection, queue full, transport closed)
 *     or that were still queued when their connection closed
 * @param connectionsOpened connections that completed TLS and identity checks
 * @param connectionsClosed authenticated connections that closed since
 * @param connectFailures outbound TCP connects that failed
 * @param handshakeFailures TLS handshakes that failed (bad or foreign certificate, timeout,
 *     connection lost mid-handshake)
 * @param peersRejected peers with a valid certificate but an identity not acceptable on
 *     that endpoint (a client on a replica link, a replica claiming to be this one)
 * @param malformedFrames connections closed because a peer announced an oversized frame
 */
public record TransportStats(long framesSent, long bytesSent, long framesReceived, long bytesReceived,
        long framesDropped, long connectionsOpened, long connectionsClosed, long connectFailures,
        long handshakeFailures, long peersRejected, long malformedFrames) {

    /** Authenticated connections open now. */
    public long activeConnections() {
        return connectionsOpened - connectionsClosed;
    }
}
