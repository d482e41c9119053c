package io.molt.net;

import io.molt.core.crypto.CertificateInfo;
import io.molt.core.id.PeerId;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every channel: turns a finished TLS handshake into an identity,
 * asks the owner whether that identity may use this connection, and from then on hands
 * frames to the listener and writability changes to the {@link PeerConnection}.
 *
 * <p>The identity is the common name of the certificate the peer proved it holds the key
 * of; the trust manager has already checked that our CA issued it. Nothing the peer sends
 * later can change it.
 */
final class PeerChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PeerChannelHandler.class);

    private final TransportContext context;
    private final ConnectionEvents events;
    /** Set once the peer is authenticated and accepted; only touched on the event loop. */
    private PeerConnection connection;

    PeerChannelHandler(TransportContext context, ConnectionEvents events) {
        this.context = context;
        this.events = events;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                authenticate(ctx);
            } else {
                handshakeFailed(ctx, handshake.cause());
            }
        }
        super.userEventTriggered(ctx, event);
    }

    private void authenticate(ChannelHandlerContext ctx) {
        PeerId peer;
        X509Certificate certificate;
        try {
            Certificate[] chain = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            certificate = (X509Certificate) chain[0];
            peer = CertificateInfo.peerOf(certificate);
        } catch (SSLPeerUnverifiedException | CertificateParsingException | ClassCastException e) {
            reject(ctx, "its certificate names no Molt peer: " + e.getMessage());
            return;
        }
        String refusal = events.refusal(peer);
        if (refusal != null) {
            reject(ctx, refusal);
            return;
        }
        PeerAdmission.Admission admission = context.admission().admit(peer, certificate);
        if (!admission.admitted()) {
            reject(ctx, peer + "'s certificate: " + admission.refusal());
            return;
        }
        connection = new PeerConnection(ctx.channel(), peer, admission.incarnation(), certificate,
                context.settings().outboundQueueBytes(), context.counters());
        String changed = context.admitted(connection);
        if (changed != null) {
            reject(ctx, peer + "'s certificate: " + changed);
            return;
        }
        context.counters().connectionOpened();
        events.opened(connection);
    }

    private void reject(ChannelHandlerContext ctx, String reason) {
        context.counters().peerRejected();
        log.warn("{}: rejected {}: {}", context.self(), ctx.channel().remoteAddress(), reason);
        ctx.close();
    }

    private void handshakeFailed(ChannelHandlerContext ctx, Throwable cause) {
        context.counters().handshakeFailed();
        if (context.isClosed()) {
            return;
        }
        if (cause instanceof SSLException) {
            // A certificate we do not trust, or a peer that does not trust ours.
            log.warn("{}: TLS handshake with {} failed: {}", context.self(), ctx.channel().remoteAddress(),
                    cause.toString());
        } else {
            log.debug("{}: TLS handshake with {} did not complete: {}", context.self(),
                    ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        byte[] frame = (byte[]) message;
        if (connection == null) {
            // TLS delivers no application data before the handshake; if it ever did, drop it.
            ctx.close();
            return;
        }
        context.counters().received(frame.length);
        context.deliver(connection.peer(), connection.incarnation(), frame);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (connection != null && ctx.channel().isWritable()) {
            connection.resumeDrain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection != null) {
            connection.markClosed();
            context.counters().connectionClosed();
            events.closed(connection);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Object who = connection != null ? connection : ctx.channel().remoteAddress();
        if (cause instanceof TooLongFrameException) {
            context.counters().malformedFrame();
            log.warn("{}: closing the connection with {}: {}", context.self(), who, cause.getMessage());
        } else if (connection == null) {
            // Handshake failures arrive here too; handshakeFailed has counted and logged them.
            log.debug("{}: error before authentication with {}: {}", context.self(), who, cause.toString());
        } else if (!context.isClosed()) {
            log.info("{}: connection with {} failed: {}", context.self(), who, cause.toString());
        }
        ctx.close();
    }
}
