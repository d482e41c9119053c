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
    private final PeerAdmission admission;
    /** Every connection that passed admission and is open, to check again when keys change. */
    private final java.util.Set<PeerConnection> admitted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    TransportContext(PeerId self, TransportSettings settings, FrameListener listener) {
        this(self, settings, listener, PeerAdmission.ANYONE);
    }

    TransportContext(PeerId self, TransportSettings settings, FrameListener listener, PeerAdmission admission) {
        this.self = self;
        this.settings = settings;
        this.listener = listener;
        this.admission = admission;
    }

    PeerAdmission admission() {
        return admission;
    }

    /**
     * Registers an admitted connection for {@link #readmit}; returns null, or why it is refused
     * after all. A readmit that ran between the admission and this registration did not see
     * the connection, so admission is asked once more once it is registered.
     */
    String admitted(PeerConnection connection) {
        admitted.add(connection);
        connection.channel().closeFuture().addListener(done -> admitted.remove(connection));
        PeerAdmission.Admission again = admission.admit(connection.peer(), connection.certificate());
        if (!again.admitted()) {
            return again.refusal();
        }
        return again.incarnation() == connection.incarnation() ? null
                : "its certificate now speaks for another incarnation";
    }

    /**
     * Runs admission again for every open connection and closes those it now refuses;
     * returns how many were closed.
     */
    int readmit() {
        int closedCount = 0;
        for (PeerConnection c : admitted) {
            PeerAdmission.Admission verdict = admission.admit(c.peer(), c.certificate());
            if (!verdict.admitted() || verdict.incarnation() != c.incarnation()) {
                // The normal end of a refreshed replica's old connections, not a fault: info.
                log.info("{}: closing the connection with {}: {}", self, c, verdict.admitted()
                        ? "its certificate now speaks for another incarnation" : verdict.refusal());
                c.close();
                closedCount++;
            }
        }
        return closedCount;
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

    void deliver(PeerId from, long incarnation, byte[] frame) {
        if (closed) {
            return;
        }
        try {
            listener.onFrame(from, incarnation, frame);
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
