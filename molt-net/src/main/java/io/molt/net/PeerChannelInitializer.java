package io.molt.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;

/** Builds the pipeline of every connection: TLS, then frames, then the peer handler. */
final class PeerChannelInitializer extends ChannelInitializer<Channel> {
    private final TransportContext context;
    private final SslContext tls;
    private final ConnectionEvents events;
    private final InetSocketAddress dialed;
    private final OpenChannels openChannels;

    /**
     * @param dialed the address dialed for an outbound channel (TLS session caching keys on
     *     it); null for accepted channels
     */
    PeerChannelInitializer(TransportContext context, SslContext tls, ConnectionEvents events,
            InetSocketAddress dialed, OpenChannels openChannels) {
        this.context = context;
        this.openChannels = openChannels;
        this.tls = tls;
        this.events = events;
        this.dialed = dialed;
    }

    @Override
    protected void initChannel(Channel channel) {
        openChannels.add(channel);
        SslHandler tlsHandler = dialed == null
                ? tls.newHandler(channel.alloc())
                : tls.newHandler(channel.alloc(), dialed.getHostString(), dialed.getPort());
        tlsHandler.setHandshakeTimeoutMillis(context.settings().handshakeTimeout().toMillis());
        channel.pipeline()
                .addLast("tls", tlsHandler)
                .addLast("frames", new FrameDecoder(context.settings().maxFrameBytes()))
                .addLast("peer", new PeerChannelHandler(context, events));
    }
}
