package io.molt.net;

import io.molt.core.id.PeerId;

/**
 * What the owner of a channel (an outbound link, or a replica's listening side) decides and
 * learns about the connections it owns. Called on the channel's event loop.
 */
interface ConnectionEvents {

    /** Why {@code peer}, authenticated by the CA, may not use this connection; null when it may. */
    String refusal(PeerId peer);

    /** The connection passed TLS and {@link #refusal}; frames may flow. */
    void opened(PeerConnection connection);

    /** A connection that was {@link #opened} has closed. */
    void closed(PeerConnection connection);
}
