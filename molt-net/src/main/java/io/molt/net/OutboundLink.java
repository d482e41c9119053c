package io.molt.net;

import io.molt.core.id.PeerId;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection dialed to one replica: dials, and redials with backoff whenever the
 * connection fails or closes, until closed. The server must prove it is the replica we
 * dialed; anyone else holding a certificate from our CA (a client, another replica) is
 * disconnected as an impersonation attempt.
 *
 * <p>All of a link's channels live on one event loop, and every state change happens
 * there; only {@link #connection} is read from other threads.
 */
final class OutboundLink implements ConnectionEvents {
    private static final Logger log = LoggerFactory.getLogger(OutboundLink.class);

    private final TransportContext context;
    private final PeerId.Replica target;
    private final InetSocketAddress address;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final Backoff backoff;
    private volatile PeerConnection connection;
    private volatile boolean closed;
    /** When {@link #connection} opened, to tell a connection that lasted from one that flapped. */
    private long openedNanos;

    OutboundLink(TransportContext context, PeerId.Replica target, InetSocketAddress address, EventLoops loops,
            SslContext tls, OpenChannels openChannels) {
        this.context = context;
        this.target = target;
        this.address = address;
        this.loop = loops.next();
        TransportSettings settings = context.settings();
        this.backoff = new Backoff(settings.reconnectMinDelay(), settings.reconnectMaxDelay(), new SplittableRandom());
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(loops.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, EventLoops.WATER_MARK)
                .handler(new PeerChannelInitializer(context, tls, this, address, openChannels));
    }

    void start() {
        loop.execute(this::dial);
    }

    /** Queues a frame on the current connection; false (and counted) when there is none. */
    boolean send(byte[] frame) {
        PeerConnection current = connection;
        if (current == null) {
            context.counters().dropped(1);
            return false;
        }
        return current.send(frame);
    }

    /** Queues a frame for the next {@link #flush}; false (and counted) when there is no connection. */
    boolean enqueue(byte[] frame) {
        PeerConnection current = connection;
        if (current == null) {
            context.counters().dropped(1);
            return false;
        }
        return current.enqueue(frame);
    }

    /** Writes what {@link #enqueue} queued. */
    void flush() {
        PeerConnection current = connection;
        if (current != null) {
            current.flush();
        }
    }

    /** Stops redialing; the transport closes the channels. */
    void close() {
        closed = true;
    }

    private void dial() {
        if (closed) {
            return;
        }
        ChannelFuture attempt = bootstrap.connect(address);
        attempt.addListener(done -> {
            if (!done.isSuccess()) {
                context.counters().connectFailed();
                log.debug("{}: cannot connect to {} at {}: {}", context.self(), target, address,
                        done.cause().toString());
            }
        });
        // Netty closes the channel of a failed connect too, so this one listener covers every
        // way an attempt or a connection can end.
        attempt.channel().closeFuture().addListener(done -> redialLater());
    }

    private void redialLater() {
        if (closed) {
            return;
        }
        loop.schedule(this::dial, backoff.nextDelayMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String refusal(PeerId peer) {
        if (peer.equals(target)) {
            return null;
        }
        return "dialed " + target.commonName() + " at " + address + " but the server is " + peer.commonName()
                + " (possible impersonation)";
    }

    @Override
    public void opened(PeerConnection opened) {
        openedNanos = System.nanoTime();
        connection = opened;
        log.info("{}: connected to {} at {}", context.self(), target, address);
        context.connected(target);
    }

    @Override
    public void closed(PeerConnection closedConnection) {
        if (connection != closedConnection) {
            return;
        }
        connection = null;
        // A connection that lasted earns a quick redial; one that keeps dying right after the
        // handshake (say, the server rejects our certificate) backs off like a failed connect.
        if (System.nanoTime() - openedNanos >= context.settings().reconnectMaxDelay().toNanos()) {
            backoff.reset();
        }
        if (!closed) {
            log.info("{}: lost connection to {} at {}", context.self(), target, address);
        }
        context.disconnected(target);
    }
}
