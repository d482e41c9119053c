package io.molt.net;

import io.molt.core.id.PeerId;

/**
 * Receives what a transport delivers. Called from Netty event-loop threads, possibly
 * several at once for different connections: hand the frame to the protocol's queue and
 * return; never block here, it stalls every connection of that event loop.
 */
@FunctionalInterface
public interface FrameListener {

    /**
     * A frame from an authenticated peer. {@code from} comes from the peer's certificate;
     * the array is the listener's to keep.
     */
    void onFrame(PeerId from, byte[] frame);

    /**
     * A frame from an authenticated peer whose certificate {@link PeerAdmission} admitted as
     * incarnation {@code incarnation}. Defaults to {@link #onFrame(PeerId, byte[])}, for
     * listeners that do not care which incarnation spoke.
     */
    default void onFrame(PeerId from, long incarnation, byte[] frame) {
        onFrame(from, frame);
    }

    /**
     * {@code peer} can now be sent to: an outbound link came up, or a client connected.
     * Inbound replica connections, which only carry frames to us, raise no events. With TLS
     * 1.3 the dialing side finishes its handshake before the server has checked the
     * dialer's certificate, so a server that rejects it causes an {@link #onDisconnected}
     * right after this.
     */
    default void onConnected(PeerId peer) {}

    /** {@code peer} can no longer be sent to until the next {@link #onConnected}. */
    default void onDisconnected(PeerId peer) {}
}
