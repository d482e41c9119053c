package io.molt.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Cuts the decrypted byte stream into frames: an unsigned 32-bit big-endian length, then
 * that many bytes. Each frame is copied out of Netty's buffers once, into the
 * {@code byte[]} the listener receives.
 *
 * <p>A length above the limit is not something to resynchronise from: the decoder throws
 * {@link TooLongFrameException} (the connection handler closes the connection) and ignores
 * whatever else arrives. Nothing is allocated for the announced length.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    static final int LENGTH_BYTES = 4;

    private final int maxFrameBytes;
    private boolean failed;

    FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < LENGTH_BYTES) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length > maxFrameBytes) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw new TooLongFrameException("frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
        }
        if (in.readableBytes() < LENGTH_BYTES + length) {
            return;
        }
        in.skipBytes(LENGTH_BYTES);
        byte[] frame = new byte[(int) length];
        in.readBytes(frame);
        out.add(frame);
    }
}
