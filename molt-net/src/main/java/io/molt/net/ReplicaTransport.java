package io.molt.net;

import io.molt.core.crypto.Credentials;
import io.molt.core.id.PeerId;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network side of one replica process. It listens for replicas and clients, and
 * keeps one outbound connection to every other replica.
 *
 * <p>Between replicas, frames go out on the connection this replica dialed and come in
 * on the ones the others dialed, so each direction has its own connection and nobody has
 * to decide which of two simultaneous connections survives. A client's frames come in,
 * and its replies go back, on the connection the client opened (the latest one, if it
 * opened several).
 *
 * <p>Sends never block and never throw for network reasons: they return false when the
 * frame was dropped. {@link #close()} stops everything.
 */
public final class ReplicaTransport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaTransport.class);
    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(5);

    private final TransportContext context;
    private final PeerId.Replica self;
    private final EventLoops loops;
    private final SslContext clientTls;
    private final Channel server;
    private final Map<Integer, OutboundLink> replicas = new ConcurrentHashMap<>();
    private final Map<Long, PeerConnection> clients = new ConcurrentHashMap<>();
    /** Client connections holding frames queued for the next flush. */
    private final Queue<PeerConnection> dirtyClients = new ConcurrentLinkedQueue<>();
    private final OpenChannels openChannels = new OpenChannels();
    private final AtomicBoolean dialing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    ReplicaTransport(TransportContext context, PeerId.Replica self, EventLoops loops, SslContext clientTls,
            SslContext serverTls, InetSocketAddress listen) throws IOException {
        this.context = context;
        this.self = self;
        this.loops = loops;
        this.clientTls = clientTls;
        ChannelFuture bound = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, EventLoops.WATER_MARK)
                .childHandler(new PeerChannelInitializer(context, serverTls, new InboundPeers(), null, openChannels))
                .bind(listen)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException(self + ": cannot listen on " + listen + ": " + bound.cause().getMessage(),
                    bound.cause());
        }
        this.server = bound.channel();
        log.info("{}: listening on {} ({})", self, server.localAddress(), loops.kind());
    }

    /**
     * Starts a replica's transport listening on {@code listen} (port 0 picks a free one;
     * see {@link #localAddress()}). Call {@link #connectToReplicas} next.
     *
     * @param credentials this replica's key and certificate ({@code self} must be a
     *     replica) and the authority every peer must be certified by
     * @throws IOException when the address cannot be bound or the credentials cannot be
     *     used for TLS
     */
    public static ReplicaTransport bind(Credentials credentials, InetSocketAddress listen, TransportSettings settings,
            FrameListener listener) throws IOException {
        return bind(credentials, listen, settings, listener, PeerAdmission.ANYONE);
    }

    /**
     * Like {@link #bind(Credentials, InetSocketAddress, TransportSettings, FrameListener)},
     * with {@code admission} deciding which certificates may speak for which peer (and
     * which incarnation of it they are), on both the connections it accepts and those it dials.
     */
    public static ReplicaTransport bind(Credentials credentials, InetSocketAddress listen, TransportSettings settings,
            FrameListener listener, PeerAdmission admission) throws IOException {
        return PreparedTransport.prepare(credentials, settings).bind(listen, listener, admission);
    }

    /**
     * Starts dialing every replica in {@code addresses} other than this one, and keeps
     * redialing until {@link #close()}. Call once.
     */
    public void connectToReplicas(Map<Integer, InetSocketAddress> addresses) {
        if (!dialing.compareAndSet(false, true)) {
            throw new IllegalStateException(self + ": already connected to the replicas");
        }
        if (closed.get()) {
            return;
        }
        addresses.forEach((id, address) -> {
            if (id != self.id()) {
                replicas.put(id,
                        new OutboundLink(context, PeerId.replica(id), address, loops, clientTls, openChannels));
            }
        });
        replicas.values().forEach(OutboundLink::start);
    }

    /**
     * Queues a frame for replica {@code replicaId} on this replica's outbound connection
     * to it. The array must not be changed afterwards.
     *
     * @return false when the frame was dropped: no connection to that replica right now
     *     (including this replica itself and unknown ids), its queue is full, or the
     *     transport is closed
     * @throws IllegalArgumentException when the frame is larger than {@code maxFrameBytes}
     */
    public boolean sendToReplica(int replicaId, byte[] frame) {
        checkSize(frame);
        OutboundLink link = replicas.get(replicaId);
        if (link == null) {
            context.counters().dropped(1);
            return false;
        }
        return link.send(frame);
    }

    /**
     * Queues a frame for client {@code clientId} on the latest connection it opened to this
     * replica. The array must not be changed afterwards.
     *
     * @return false when the frame was dropped: the client is not connected, its queue is
     *     full, or the transport is closed
     * @throws IllegalArgumentException when the frame is larger than {@code maxFrameBytes}
     */
    public boolean sendToClient(long clientId, byte[] frame) {
        checkSize(frame);
        PeerConnection connection = clients.get(clientId);
        if (connection == null) {
            context.counters().dropped(1);
            return false;
        }
        return connection.send(frame);
    }

    /**
     * Like {@link #sendToReplica}, but the frame waits for the next {@link #flush}, so a
     * caller that produces many frames in a row pays for one write per connection.
     */
    public boolean queueToReplica(int replicaId, byte[] frame) {
        checkSize(frame);
        OutboundLink link = replicas.get(replicaId);
        if (link == null) {
            context.counters().dropped(1);
            return false;
        }
        return link.enqueue(frame);
    }

    /** Like {@link #sendToClient}, but the frame waits for the next {@link #flush}. */
    public boolean queueToClient(long clientId, byte[] frame) {
        checkSize(frame);
        PeerConnection connection = clients.get(clientId);
        if (connection == null) {
            context.counters().dropped(1);
            return false;
        }
        if (!connection.enqueue(frame)) {
            return false;
        }
        if (connection.markDirty()) {
            dirtyClients.offer(connection);
        }
        return true;
    }

    /** Writes everything {@link #queueToReplica} and {@link #queueToClient} queued, from any thread. */
    public void flush() {
        replicas.values().forEach(OutboundLink::flush);
        for (PeerConnection c = dirtyClients.poll(); c != null; c = dirtyClients.poll()) {
            c.clearDirty();
            c.flush();
        }
    }

    /**
     * Asks admission again about every open connection and closes those it now refuses
     * (a replica's key was retired); their peers redial and present what is current. Call
     * after the keys admission consults changed.
     *
     * @return the number of connections closed
     */
    public int readmitPeers() {
        return context.readmit();
    }

    public PeerId.Replica self() {
        return self;
    }

    /** The address actually bound (with the port chosen when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    public TransportStats stats() {
        return context.counters().snapshot();
    }

    /** Closes every connection and the listening socket and stops the threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        context.close();
        replicas.values().forEach(OutboundLink::close);
        // From a listener callback (an event-loop thread) nothing may block: close without waiting.
        Duration patience = loops.inEventLoop() ? Duration.ZERO : CLOSE_PATIENCE;
        server.close().awaitUninterruptibly(patience.toMillis());
        openChannels.closeAll(patience);
        loops.shutdown();
        log.info("{}: transport closed", self);
    }

    private void checkSize(byte[] frame) {
        if (frame.length > context.settings().maxFrameBytes()) {
            throw new IllegalArgumentException("frame of " + frame.length + " bytes exceeds maxFrameBytes "
                    + context.settings().maxFrameBytes());
        }
    }

    /** Who may connect to this replica, and the bookkeeping of client connections. */
    private final class InboundPeers implements ConnectionEvents {

        @Override
        public String refusal(PeerId peer) {
            return peer.equals(self) ? "it claims to be this replica, " + self.commonName() : null;
        }

        @Override
        public void opened(PeerConnection connection) {
            if (!(connection.peer() instanceof PeerId.Client client)) {
                return; // inbound replica connections only carry frames to us
            }
            PeerConnection previous = clients.put(client.id(), connection);
            if (previous == null) {
                context.connected(client);
            } else {
                // One connection per client: replies go to the newest and the old one is let go.
                log.info("{}: {} reconnected from {}; closing its connection from {}", self, client,
                        connection.channel().remoteAddress(), previous.channel().remoteAddress());
                previous.close();
            }
        }

        @Override
        public void closed(PeerConnection connection) {
            if (connection.peer() instanceof PeerId.Client client && clients.remove(client.id(), connection)) {
                context.disconnected(client);
            }
        }
    }
}
