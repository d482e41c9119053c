package io.molt.net;

import io.molt.core.id.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every part of one transport shares: who we are, the settings, the counters and the
 * listener. Listener calls go through here so that a throwing listener cannot take a
 * connection down and so that nothing is delivered after the transport closed.
 */
final class TransportContext {
    private static final Logger log = LoggerFactory.getLogger(TransportContext.class);

    private final PeerId self;
    private final TransportSettings settings;
    private final TransportCounters counters = new TransportCounters();
    private final FrameListener listener;
    private volatile boolean closed;

    TransportContext(PeerId self, TransportSettings settings, FrameListener listener) {
        this.self = self;
        this.settings = settings;
        this.listener = listener;
    }

    PeerId self() {
        return self;
    }

    TransportSettings settings() {
        return settings;
    }

    TransportCounters counters() {
        return counters;
    }

    boolean isClosed() {
        return closed;
    }

    /** From now on the listener hears nothing. */
    void close() {
        closed = true;
    }

    void deliver(PeerId from, byte[] frame) {
        if (closed) {
            return;
        }
        try {
            listener.onFrame(from, frame);
        } catch (RuntimeException e) {
            log.error("{}: the frame listener failed on a frame from {}", self, from, e);
        }
    }

    void connected(PeerId peer) {
        if (closed) {
            return;
        }
        try {
            listener.onConnected(peer);
        } catch (RuntimeException e) {
            log.error("{}: the frame listener failed on connection of {}", self, peer, e);
        }
    }

    void disconnected(PeerId peer) {
        if (closed) {
            return;
        }
        try {
            listener.onDisconnected(peer);
        } catch (RuntimeException e) {
            log.error("{}: the frame listener failed on disconnection of {}", self, peer, e);
        }
    }
}
