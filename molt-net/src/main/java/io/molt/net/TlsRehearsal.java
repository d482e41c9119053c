package io.molt.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * TLS handshakes and frames between two in-memory channels, the client side built from one
 * context and the server side from the other, with the frame decoder behind the server. No
 * socket is involved: the bytes one side writes are fed to the other by hand. A standby runs
 * this so that its first real handshakes do not run in the interpreter.
 */
final class TlsRehearsal {
    private static final int FRAMES_PER_HANDSHAKE = 16;
    private static final int FRAME_BYTES = 512;

    private TlsRehearsal() {}

    /** Handshakes for about {@code time}, at least one; returns how many. */
    static int run(SslContext serverTls, SslContext clientTls, int maxFrameBytes, Duration time) throws IOException {
        long deadline = System.nanoTime() + time.toNanos();
        int handshakes = 0;
        do {
            try {
                handshakeAndSend(serverTls, clientTls, maxFrameBytes);
            } catch (RuntimeException e) {
                // An in-memory channel rethrows what its pipeline failed with (a refused certificate).
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new IOException("rehearsed TLS handshake failed: " + cause.getMessage(), e);
            }
            handshakes++;
        } while (System.nanoTime() < deadline);
        return handshakes;
    }

    private static void handshakeAndSend(SslContext serverTls, SslContext clientTls, int maxFrameBytes)
            throws IOException {
        EmbeddedChannel server = new EmbeddedChannel();
        EmbeddedChannel client = new EmbeddedChannel();
        try {
            SslHandler serverSsl = serverTls.newHandler(server.alloc());
            SslHandler clientSsl = clientTls.newHandler(client.alloc());
            server.pipeline().addLast(serverSsl, new FrameDecoder(maxFrameBytes));
            client.pipeline().addLast(clientSsl);
            for (int i = 0; i < 64 && !(serverSsl.handshakeFuture().isDone() && clientSsl.handshakeFuture().isDone());
                    i++) {
                pump(client, server);
                pump(server, client);
            }
            if (!clientSsl.handshakeFuture().isSuccess() || !serverSsl.handshakeFuture().isSuccess()) {
                Throwable cause = clientSsl.handshakeFuture().cause() != null ? clientSsl.handshakeFuture().cause()
                        : serverSsl.handshakeFuture().cause();
                throw new IOException("rehearsed TLS handshake failed: " + (cause == null ? "did not finish"
                        : cause.getMessage()), cause);
            }
            for (int f = 0; f < FRAMES_PER_HANDSHAKE; f++) {
                ByteBuf frame = Unpooled.buffer(FrameDecoder.LENGTH_BYTES + FRAME_BYTES);
                frame.writeInt(FRAME_BYTES).writeZero(FRAME_BYTES);
                client.writeAndFlush(frame);
            }
            pump(client, server);
            int received = 0;
            for (Object frame; (frame = server.readInbound()) != null;) {
                if (!(frame instanceof byte[] bytes) || bytes.length != FRAME_BYTES) {
                    throw new IOException("rehearsed TLS connection delivered something else than the frames sent");
                }
                received++;
            }
            if (received != FRAMES_PER_HANDSHAKE) {
                throw new IOException("rehearsed TLS connection delivered " + received + " of "
                        + FRAMES_PER_HANDSHAKE + " frames");
            }
        } finally {
            client.finishAndReleaseAll();
            server.finishAndReleaseAll();
        }
    }

    /** Hands everything {@code from} wrote to {@code to} as received bytes. */
    private static void pump(EmbeddedChannel from, EmbeddedChannel to) {
        List<Object> written = new java.util.ArrayList<>();
        for (Object o; (o = from.readOutbound()) != null;) {
            written.add(o);
        }
        for (Object o : written) {
            to.writeInbound(o);
        }
    }
}
