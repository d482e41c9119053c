package io.molt.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    @Test
    void reassemblesFramesSplitAnywhere() {
        ByteBuf wire = Unpooled.buffer()
                .writeInt(5).writeBytes("hello".getBytes(StandardCharsets.UTF_8))
                .writeInt(0)
                .writeInt(3).writeBytes(new byte[] {1, 2, 3});
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));

        while (wire.isReadable()) {
            channel.writeInbound(wire.readRetainedSlice(Math.min(3, wire.readableBytes())));
        }
        wire.release();

        assertThat((byte[]) channel.readInbound()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        assertThat((byte[]) channel.readInbound()).isEmpty();
        assertThat((byte[]) channel.readInbound()).containsExactly(1, 2, 3);
        Object none = channel.readInbound();
        assertThat(none).isNull();
    }

    @Test
    void acceptsAFrameOfExactlyTheLimit() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(16));

        channel.writeInbound(Unpooled.buffer().writeInt(16).writeBytes(new byte[16]));

        assertThat((byte[]) channel.readInbound()).hasSize(16);
    }

    @Test
    void oversizedLengthFailsBeforeTheFrameArrivesAndIgnoresTheRest() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(16));

        // Only the prefix has arrived: the decoder fails without waiting for (or allocating) 17 bytes.
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt(17)))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("17 bytes exceeds the limit of 16");

        channel.writeInbound(Unpooled.buffer().writeInt(1).writeByte(7));
        Object ignored = channel.readInbound();
        assertThat(ignored).isNull();
    }

    @Test
    void lengthWithTheTopBitSetIsOversizedNotNegative() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(Integer.MAX_VALUE));

        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt(0xffff_ffff)))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("4294967295 bytes");
    }
}
