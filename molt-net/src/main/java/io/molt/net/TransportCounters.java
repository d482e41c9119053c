package io.molt.net;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link TransportStats}; written from any thread. */
final class TransportCounters {
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder framesReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder framesDropped = new LongAdder();
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder connectionsClosed = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder handshakeFailures = new LongAdder();
    private final LongAdder peersRejected = new LongAdder();
    private final LongAdder malformedFrames = new LongAdder();

    void sent(int frames, long bytes) {
        framesSent.add(frames);
        bytesSent.add(bytes);
    }

    void received(int bytes) {
        framesReceived.increment();
        bytesReceived.add(bytes);
    }

    void dropped(int frames) {
        framesDropped.add(frames);
    }

    void connectionOpened() {
        connectionsOpened.increment();
    }

    void connectionClosed() {
        connectionsClosed.increment();
    }

    void connectFailed() {
        connectFailures.increment();
    }

    void handshakeFailed() {
        handshakeFailures.increment();
    }

    void peerRejected() {
        peersRejected.increment();
    }

    void malformedFrame() {
        malformedFrames.increment();
    }

    TransportStats snapshot() {
        return new TransportStats(framesSent.sum(), bytesSent.sum(), framesReceived.sum(), bytesReceived.sum(),
                framesDropped.sum(), connectionsOpened.sum(), connectionsClosed.sum(), connectFailures.sum(),
                handshakeFailures.sum(), peersRejected.sum(), malformedFrames.sum());
    }
}
