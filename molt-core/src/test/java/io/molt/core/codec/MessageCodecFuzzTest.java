package io.molt.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.molt.core.codec.CodecException.Kind;
import io.molt.core.message.Message;
import io.molt.core.message.MessageType;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: whatever the bytes, decode returns a message or throws
 * {@link CodecException}, allocates no more than a small multiple of the frame, and
 * accepts only canonical frames.
 */
class MessageCodecFuzzTest {
    /**
     * Limits so generous that only the checks against the bytes actually present stand
     * between a declared length and an allocation of that size.
     */
    static final CodecLimits LAX = new CodecLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE - 1024, 1 << 16, Integer.MAX_VALUE);

    /** Values written over length and count fields. */
    private static final int[] HUGE = {Integer.MAX_VALUE, -1, Integer.MIN_VALUE, (1 << 30) + 7, 0x10000};

    /**
     * Allowance for what a decode may allocate beyond a multiple of its frame: a batch's
     * first request list and the first run of each string concatenation site.
     */
    private static final long ALLOCATION_SLACK = 4 << 20;
    private static final long ALLOCATION_PER_FRAME_BYTE = 32;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final MessageCodec fitting = new MessageCodec(MessageGen.FITTING);
    private final MessageCodec lax = new MessageCodec(LAX);
    private final List<MessageCodec> codecs = List.of(fitting, lax, new MessageCodec(CodecLimits.DEFAULT));

    @BeforeAll
    static void allocationIsMeasurable() {
        assumeThat(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled()).isTrue();
    }

    @Test
    void randomBytesDecodeOrFailWithCodecException() {
        Gen.forAll(5000, g -> {
            byte[] frame = g.bytesUpTo(2048);
            for (MessageCodec codec : codecs) {
                assertDecodesOrRejects(codec, frame);
            }
        });
    }

    @Test
    void randomBodiesBehindAValidHeaderDecodeOrFailWithCodecException() {
        Gen.forAll(5000, g -> {
            byte[] frame = g.bytesUpTo(2048);
            if (frame.length >= 2) {
                frame[0] = MessageCodec.VERSION;
                frame[1] = (byte) g.pick(MessageType.values()).tag();
            }
            for (MessageCodec codec : codecs) {
                assertDecodesOrRejects(codec, frame);
            }
        });
    }

    @Test
    void mutatedFramesDecodeOrFailWithCodecException() {
        Gen.forAll(3000, g -> {
            byte[] frame = fitting.encode(new MessageGen(g, MessageGen.FITTING).any());
            byte[] mutated = mutate(g, frame);
            for (MessageCodec codec : codecs) {
                assertDecodesOrRejects(codec, mutated);
            }
        });
    }

    @Test
    void hugeValuesOverAnyFourBytesFailFast() {
        // Every offset, so every length and count field of the message is hit.
        Gen.forAll(25, g -> {
            byte[] frame = fitting.encode(new MessageGen(g, MessageGen.FITTING).any());
            for (int at = 2; at + 4 <= frame.length; at++) {
                for (int huge : HUGE) {
                    byte[] mutated = frame.clone();
                    ByteBuffer.wrap(mutated).putInt(at, huge);
                    assertDecodesOrRejects(lax, mutated);
                    assertDecodesOrRejects(fitting, mutated);
                }
            }
        });
    }

    @Test
    void aDeclaredTwoGigabytePayloadFailsWithoutAllocatingIt() {
        byte[] frame = new WireWriter(64).u8(MessageCodec.VERSION).u8(MessageType.REQUEST.tag())
                .i64(1).i64(1).u8(0).i32(Integer.MAX_VALUE).raw(new byte[8], 0, 8).toByteArray();

        long before = THREADS.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> lax.decode(frame)).isInstanceOfSatisfying(CodecException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.TRUNCATED));
        assertThat(THREADS.getCurrentThreadAllocatedBytes() - before).isLessThan(1 << 20);

        assertThatThrownBy(() -> fitting.decode(frame)).isInstanceOfSatisfying(CodecException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.OVERSIZED));
    }

    @Test
    void declaredHugeCountsFailWithoutAllocatingForThem() {
        // Counts that pass the lax limits: only the remaining-bytes check refuses them.
        List<byte[]> frames = List.of(
                new WireWriter(64).u8(MessageCodec.VERSION).u8(MessageType.NEW_VIEW.tag())
                        .i64(1).i32(0).i32(0xffff).toByteArray(),
                new WireWriter(64).u8(MessageCodec.VERSION).u8(MessageType.VIEW_STATE.tag())
                        .i64(1).i32(0).u16(0).i32(0).raw(new byte[32], 0, 32).i32(Integer.MAX_VALUE).toByteArray(),
                new WireWriter(64).u8(MessageCodec.VERSION).u8(MessageType.STATUS_REPORT.tag())
                        .u16(0).i64(0).i64(0).i64(0).i64(0).raw(new byte[32], 0, 32).i32(0xffff).toByteArray());
        for (byte[] frame : frames) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            assertThatThrownBy(() -> lax.decode(frame)).isInstanceOfSatisfying(CodecException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.TRUNCATED));
            assertThat(THREADS.getCurrentThreadAllocatedBytes() - before).isLessThan(1 << 20);
        }
    }

    /**
     * Decodes {@code frame}. Anything but a message or a {@link CodecException} escapes
     * and fails the property. A decode must stay within a multiple of the frame's size, and
     * an accepted frame must be the one encoding of the message it carries.
     */
    static void assertDecodesOrRejects(MessageCodec codec, byte[] frame) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Message m;
        try {
            m = codec.decode(frame);
        } catch (CodecException e) {
            m = null;
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated decoding a %d-byte frame", frame.length)
                .isLessThanOrEqualTo(ALLOCATION_SLACK + ALLOCATION_PER_FRAME_BYTE * frame.length);
        if (m != null) {
            assertThat(codec.encode(m)).as("re-encoding of an accepted %s", m.type()).isEqualTo(frame);
        }
    }

    /** One to four random edits: bit flips, overwrites, insertions, deletions, truncation, huge values. */
    static byte[] mutate(Gen g, byte[] frame) {
        byte[] b = frame.clone();
        int edits = g.intIn(1, 4);
        for (int i = 0; i < edits; i++) {
            int at = g.intIn(0, Math.max(0, b.length - 1));
            switch (g.intIn(0, 5)) {
                case 0 -> {
                    if (b.length > 0) {
                        b[at] ^= (byte) (1 << g.intIn(0, 7));
                    }
                }
                case 1 -> {
                    if (b.length > 0) {
                        b[at] = (byte) g.intIn(0, 255);
                    }
                }
                case 2 -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) g.intIn(0, 255);
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
                case 3 -> {
                    if (b.length > 0) {
                        byte[] shorter = new byte[b.length - 1];
                        System.arraycopy(b, 0, shorter, 0, at);
                        System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                        b = shorter;
                    }
                }
                case 4 -> b = Arrays.copyOf(b, at);
                default -> {
                    if (at + 4 <= b.length) {
                        ByteBuffer.wrap(b).putInt(at, g.pick(Integer.MAX_VALUE, -1, Integer.MIN_VALUE, 1 << 24));
                    }
                }
            }
        }
        return b;
    }
}
