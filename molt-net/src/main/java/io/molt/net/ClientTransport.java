package io.molt.net;

import io.molt.core.crypto.Credentials;
import io.molt.core.id.PeerId;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The network side of a client: one connection to every replica, redialed with backoff
 * while the transport is open. Requests go out and replies come back on the same
 * connection. Sends never block and return false when the frame was dropped.
 */
public final class ClientTransport implements AutoCloseable {
    private final TransportContext context;
    private final PeerId.Client self;
    private final EventLoops loops;
    private final Map<Integer, OutboundLink> replicas = new ConcurrentHashMap<>();
    private final OpenChannels openChannels = new OpenChannels();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClientTransport(TransportContext context, PeerId.Client self, EventLoops loops) {
        this.context = context;
        this.self = self;
        this.loops = loops;
    }

    /**
     * Starts dialing every replica in {@code replicas}; returns at once. The listener hears
     * {@link FrameListener#onConnected} per replica as links come up.
     *
     * @param credentials this client's key and certificate ({@code self} must be a client)
     *     and the authority every replica must be certified by
     * @throws IOException when the credentials cannot be used for TLS
     */
    public static ClientTransport connect(Credentials credentials, Map<Integer, InetSocketAddress> replicas,
            TransportSettings settings, FrameListener listener) throws IOException {
        return connect(credentials, replicas, settings, listener, PeerAdmission.ANYONE);
    }

    /**
     * Same, with {@code admission} deciding which replica certificates may speak for their
     * replica (and which incarnation of it they are): how a client refuses a refreshed
     * replica's retired key.
     */
    public static ClientTransport connect(Credentials credentials, Map<Integer, InetSocketAddress> replicas,
            TransportSettings settings, FrameListener listener, PeerAdmission admission) throws IOException {
        if (!(credentials.self() instanceof PeerId.Client client)) {
            throw new IllegalArgumentException("a client transport needs client credentials, not "
                    + credentials.self());
        }
        SslContext tls = TlsContexts.client(credentials);
        EventLoops loops = EventLoops.start(settings.ioThreads(), "molt-" + client + "-io");
        TransportContext context = new TransportContext(client, settings, listener, admission);
        ClientTransport transport = new ClientTransport(context, client, loops);
        replicas.forEach((id, address) -> transport.replicas.put(id,
                new OutboundLink(context, PeerId.replica(id), address, loops, tls, transport.openChannels)));
        transport.replicas.values().forEach(OutboundLink::start);
        return transport;
    }

    /**
     * Queues a frame for replica {@code replicaId}. The array must not be changed afterwards.
     *
     * @return false when the frame was dropped: no connection to that replica right now, its
     *     queue is full, or the transport is closed
     * @throws IllegalArgumentException when the frame is larger than {@code maxFrameBytes}
     */
    public boolean send(int replicaId, byte[] frame) {
        if (frame.length > context.settings().maxFrameBytes()) {
            throw new IllegalArgumentException("frame of " + frame.length + " bytes exceeds maxFrameBytes "
                    + context.settings().maxFrameBytes());
        }
        OutboundLink link = replicas.get(replicaId);
        if (link == null) {
            context.counters().dropped(1);
            return false;
        }
        return link.send(frame);
    }

    /**
     * Asks admission again about every open connection and closes those it now refuses;
     * their links redial and must present what is current. Call after what admission
     * consults changed.
     *
     * @return the number of connections closed
     */
    public int readmit() {
        return context.readmit();
    }

    public PeerId.Client self() {
        return self;
    }

    public TransportStats stats() {
        return context.counters().snapshot();
    }

    /** Closes every connection and stops the threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        context.close();
        replicas.values().forEach(OutboundLink::close);
        // From a listener callback (an event-loop thread) nothing may block: close without waiting.
        openChannels.closeAll(loops.inEventLoop() ? Duration.ZERO : Duration.ofSeconds(5));
        loops.shutdown();
    }
}
