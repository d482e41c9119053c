package io.molt.net;

import io.molt.core.crypto.Credentials;
import io.molt.core.id.PeerId;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A replica's transport before it has a network identity: its TLS contexts built, its event
 * loops running, and (for a standby) its TLS code rehearsed in memory, but no socket open.
 * {@link #bind} turns it into the listening {@link ReplicaTransport}; what a standby does
 * before its activation, so that the activation only has to open sockets.
 */
public final class PreparedTransport implements AutoCloseable {
    private final Credentials credentials;
    private final PeerId.Replica self;
    private final TransportSettings settings;
    private final SslContext serverTls;
    private final SslContext clientTls;
    private final EventLoops loops;
    /** Set once bound (the transport owns the loops from then on) or closed. */
    private final AtomicBoolean handedOver = new AtomicBoolean();

    private PreparedTransport(Credentials credentials, PeerId.Replica self, TransportSettings settings,
            SslContext serverTls, SslContext clientTls, EventLoops loops) {
        this.credentials = credentials;
        this.self = self;
        this.settings = settings;
        this.serverTls = serverTls;
        this.clientTls = clientTls;
        this.loops = loops;
    }

    /**
     * Builds the TLS contexts for {@code credentials} (replica credentials) and starts the
     * event loops; opens no socket.
     *
     * @throws IOException when the credentials cannot be used for TLS
     */
    public static PreparedTransport prepare(Credentials credentials, TransportSettings settings) throws IOException {
        if (!(credentials.self() instanceof PeerId.Replica replica)) {
            throw new IllegalArgumentException("a replica transport needs replica credentials, not "
                    + credentials.self());
        }
        SslContext serverTls = TlsContexts.server(credentials);
        SslContext clientTls = TlsContexts.client(credentials);
        EventLoops loops = EventLoops.start(settings.ioThreads(), "molt-" + replica + "-io");
        return new PreparedTransport(credentials, replica, settings, serverTls, clientTls, loops);
    }

    /**
     * Runs TLS 1.3 handshakes and encrypted frames between this replica's own client and
     * server contexts, entirely in memory, for about {@code time}: the first real handshakes
     * after activation then run compiled code. Returns the handshakes done.
     */
    public int rehearse(Duration time) throws IOException {
        return TlsRehearsal.run(serverTls, clientTls, settings.maxFrameBytes(), time);
    }

    /**
     * Listens on {@code listen} (port 0 picks a free one) with {@code admission} deciding
     * which certificates may speak for which peer. Once; the transport then owns the threads.
     *
     * @throws IOException when the address cannot be bound
     */
    public ReplicaTransport bind(InetSocketAddress listen, FrameListener listener, PeerAdmission admission)
            throws IOException {
        if (!handedOver.compareAndSet(false, true)) {
            throw new IllegalStateException(self + ": this prepared transport was already bound or closed");
        }
        try {
            return new ReplicaTransport(new TransportContext(self, settings, listener, admission), self, loops,
                    clientTls, serverTls, listen);
        } catch (IOException | RuntimeException e) {
            loops.shutdown();
            throw e;
        }
    }

    /** The credentials it was prepared with. */
    public Credentials credentials() {
        return credentials;
    }

    /** Stops the event loops of a transport that was never bound; nothing once bound. */
    @Override
    public void close() {
        if (handedOver.compareAndSet(false, true)) {
            loops.shutdown();
        }
    }
}
