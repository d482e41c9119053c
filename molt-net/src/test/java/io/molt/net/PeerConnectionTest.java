package io.molt.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.id.PeerId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbound queue and its drain, on an embedded channel whose event loop the test runs. */
class PeerConnectionTest {
    private final TransportCounters counters = new TransportCounters();
    private PeerConnection resumable;
    /** Resumes drains as PeerChannelHandler does. */
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (resumable != null && ctx.channel().isWritable()) {
                resumable.resumeDrain();
            }
        }
    });

    @Test
    void aBurstOfSendsIsOneDrainOfAFewBuffers() {
        PeerConnection connection = new PeerConnection(channel, PeerId.replica(1), 0, null, 1 << 20, counters);

        for (int i = 0; i < 1000; i++) {
            assertThat(connection.send(new byte[] {(byte) i, (byte) (i >> 8)})).isTrue();
        }
        assertThat(channel.outboundMessages()).isEmpty();
        channel.runPendingTasks();

        // 1000 frames of 6 wire bytes each fit in one 64 KB batch.
        assertThat(channel.outboundMessages()).hasSize(1);
        List<byte[]> frames = decode(channel);
        assertThat(frames).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(frames.get(i)).containsExactly((byte) i, (byte) (i >> 8));
        }
        assertThat(counters.snapshot().framesSent()).isEqualTo(1000);
        assertThat(counters.snapshot().bytesSent()).isEqualTo(2000);
    }

    @Test
    void largeFramesAndSmallOnesKeepTheirOrder() {
        PeerConnection connection = new PeerConnection(channel, PeerId.replica(1), 0, null, 1 << 20, counters);
        // The large frame takes the channel past its high water mark, so the drain stops
        // after it and resumes when the flush makes the channel writable again.
        resumable = connection;
        byte[] large = new byte[100_000];
        large[99_999] = 42;

        connection.send(new byte[] {1});
        connection.send(large);
        connection.send(new byte[] {2});
        channel.runPendingTasks();

        List<byte[]> frames = decode(channel);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).containsExactly(1);
        assertThat(frames.get(1)).isEqualTo(large);
        assertThat(frames.get(2)).containsExactly(2);
    }

    @Test
    void queueIsBoundedInBytesIncludingPrefixes() {
        PeerConnection connection = new PeerConnection(channel, PeerId.replica(1), 0, null, 1000, counters);

        for (int i = 0; i < 10; i++) {
            assertThat(connection.send(new byte[96])).isTrue();
        }
        assertThat(connection.send(new byte[1])).isFalse();
        assertThat(counters.snapshot().framesDropped()).isEqualTo(1);

        channel.runPendingTasks();
        assertThat(connection.send(new byte[96])).as("room again once drained").isTrue();
    }

    @Test
    void drainWaitsForWritabilityAndResumes() {
        PeerConnection connection = new PeerConnection(channel, PeerId.replica(1), 0, null, 1 << 20, counters);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);

        connection.send(new byte[] {1});
        connection.send(new byte[] {2});
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).isEmpty();

        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        connection.resumeDrain();
        channel.runPendingTasks();

        assertThat(decode(channel)).extracting(f -> f[0]).containsExactly((byte) 1, (byte) 2);
    }

    @Test
    void closedConnectionDropsQueuedAndNewFrames() {
        PeerConnection connection = new PeerConnection(channel, PeerId.replica(1), 0, null, 1 << 20, counters);
        connection.send(new byte[] {1});
        connection.send(new byte[] {2});

        connection.markClosed();

        assertThat(connection.send(new byte[] {3})).isFalse();
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).isEmpty();
        assertThat(counters.snapshot().framesDropped()).isEqualTo(3);
    }

    private static List<byte[]> decode(EmbeddedChannel channel) {
        ByteBuf wire = Unpooled.buffer();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            ByteBuf buffer = (ByteBuf) message;
            wire.writeBytes(buffer);
            buffer.release();
        }
        List<byte[]> frames = new ArrayList<>();
        while (wire.isReadable()) {
            byte[] frame = new byte[wire.readInt()];
            wire.readBytes(frame);
            frames.add(frame);
        }
        return frames;
    }
}
