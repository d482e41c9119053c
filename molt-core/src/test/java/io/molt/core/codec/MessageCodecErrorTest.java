package io.molt.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;

import io.molt.core.codec.CodecException.Kind;
import io.molt.core.crypto.Digest;
import io.molt.core.message.Batch;
import io.molt.core.message.Message;
import io.molt.core.message.MessageType;
import io.molt.core.message.NewView;
import io.molt.core.message.Propose;
import io.molt.core.message.RejoinRequest;
import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import io.molt.core.message.Request;
import io.molt.core.message.StatusReport;
import io.molt.core.message.ViewState;
import io.molt.core.message.WriteEntry;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** One hand-built frame per way a frame can be wrong, and the kind of error it must raise. */
class MessageCodecErrorTest {
    /** maxFrameBytes 32 KiB, maxPayloadBytes 1024, maxBatchRequests 8, maxBatchBytes 16 KiB, maxReplicas 16, maxWriteSet 8. */
    private static final CodecLimits LIMITS = MessageGen.FITTING;
    private static final byte[] SIGNATURE = new byte[CodecLimits.SIGNATURE_BYTES];
    private static final byte[] EMPTY_BATCH = Batch.empty(0, 0, 0).encoded();

    private final MessageCodec codec = new MessageCodec(LIMITS);

    static Stream<Named<byte[]>> truncated() {
        return Stream.of(
                named("empty frame", new byte[0]),
                named("version only", new byte[] {1}),
                named("request ends inside seq", frame(MessageType.REQUEST).i64(1).i32(0).toByteArray()),
                named("payload shorter than its length", frame(MessageType.REQUEST).i64(1).i64(1).u8(0)
                        .i32(10).raw(new byte[5], 0, 5).toByteArray()),
                named("prepare digest one byte short", frame(MessageType.PREPARE).i64(1).i32(0)
                        .raw(new byte[31], 0, 31).toByteArray()),
                named("rejoin signature cut", frame(MessageType.REJOIN_REQUEST).u16(0).i64(0).u16(64)
                        .raw(SIGNATURE, 0, 10).toByteArray()),
                named("new view declares more states than bytes", frame(MessageType.NEW_VIEW).i64(0).i32(0)
                        .i32(3).toByteArray()),
                named("batch inside propose cut short", frame(MessageType.PROPOSE).i64(0).i32(0)
                        .bytes(java.util.Arrays.copyOf(EMPTY_BATCH, EMPTY_BATCH.length - 1)).toByteArray()));
    }

    static Stream<Named<byte[]>> oversized() {
        byte[] tooLong = new byte[LIMITS.maxFrameBytes() + 1];
        tooLong[0] = MessageCodec.VERSION;
        tooLong[1] = (byte) MessageType.DECISION_QUERY.tag();
        return Stream.of(
                named("frame over maxFrameBytes", tooLong),
                named("request payload over maxPayloadBytes", frame(MessageType.REQUEST).i64(1).i64(1).u8(0)
                        .i32(LIMITS.maxPayloadBytes() + 1).toByteArray()),
                named("payload length 2^32 - 1", frame(MessageType.REQUEST).i64(1).i64(1).u8(0).i32(-1)
                        .toByteArray()),
                named("reply result over maxPayloadBytes", replyHeader(0, 0, 0).u8(0)
                        .i32(LIMITS.maxPayloadBytes() + 1).toByteArray()),
                named("propose batch over maxBatchBytes", frame(MessageType.PROPOSE).i64(0).i32(0)
                        .i32(LIMITS.maxBatchBytes() + 1).toByteArray()),
                named("batch with more requests than maxBatchRequests", frame(MessageType.DECIDED).i64(0)
                        .bytes(new WireWriter(32).u8(Batch.FORMAT).i64(0).i32(0).u16(0)
                                .i32(LIMITS.maxBatchRequests() + 1).toByteArray()).toByteArray()),
                named("write set over maxWriteSet", viewStateHead(frame(MessageType.VIEW_STATE), 0, 0)
                        .i32(LIMITS.maxWriteSet() + 1).toByteArray()),
                named("new view states over maxReplicas", frame(MessageType.NEW_VIEW).i64(0).i32(0)
                        .i32(LIMITS.maxReplicas() + 1).toByteArray()),
                named("suspended list over maxReplicas", statusReportHead(0).i32(LIMITS.maxReplicas() + 1)
                        .toByteArray()));
    }

    static Stream<Named<byte[]>> invalidField() {
        return Stream.of(
                named("negative client id", frame(MessageType.REQUEST).i64(-1).i64(0).u8(0).i32(0).toByteArray()),
                named("negative request seq", frame(MessageType.REQUEST).i64(0).i64(Long.MIN_VALUE).u8(0).i32(0)
                        .toByteArray()),
                named("request flags other than read-only", frame(MessageType.REQUEST).i64(0).i64(0).u8(2).i32(0)
                        .toByteArray()),
                named("reply replica at maxReplicas", replyHeader(LIMITS.maxReplicas(), 0, 0).u8(0).i32(0)
                        .toByteArray()),
                named("reply replica 65535", replyHeader(0xffff, 0, 0).u8(0).i32(0).toByteArray()),
                named("negative reply epoch", replyHeader(0, -1, 0).u8(0).i32(0).toByteArray()),
                named("negative reply slot", replyHeader(0, 0, -1).u8(0).i32(0).toByteArray()),
                named("unknown reply status", replyHeader(0, 0, 0).u8(200).i32(0).toByteArray()),
                named("negative propose slot", frame(MessageType.PROPOSE).i64(-1).i32(0).bytes(EMPTY_BATCH)
                        .toByteArray()),
                named("negative propose view", frame(MessageType.PROPOSE).i64(0).i32(-1).bytes(EMPTY_BATCH)
                        .toByteArray()),
                named("negative prepare view", frame(MessageType.PREPARE).i64(0).i32(Integer.MIN_VALUE)
                        .digest(Digest.ZERO).toByteArray()),
                named("negative commit slot", frame(MessageType.COMMIT).i64(-5).i32(0).digest(Digest.ZERO)
                        .toByteArray()),
                named("negative view state valTs", frame(MessageType.VIEW_STATE).i64(0).i32(0).u16(0).i32(-1)
                        .toByteArray()),
                named("negative write entry ts", viewStateHead(frame(MessageType.VIEW_STATE), 0, 0).i32(1).i32(-1)
                        .digest(Digest.ZERO).toByteArray()),
                named("view state hasBatch 2", viewStateHead(frame(MessageType.VIEW_STATE), 0, 0).i32(0).u8(2)
                        .toByteArray()),
                named("view state replica out of range", viewStateHead(frame(MessageType.VIEW_STATE), 16, 0)
                        .toByteArray()),
                named("view state signature of 63 bytes", viewStateHead(frame(MessageType.VIEW_STATE), 0, 0).i32(0)
                        .u8(0).u16(63).raw(SIGNATURE, 0, 63).toByteArray()),
                named("view state signature of 65 bytes", viewStateHead(frame(MessageType.VIEW_STATE), 0, 0).i32(0)
                        .u8(0).u16(65).raw(SIGNATURE, 0, 64).u8(0).toByteArray()),
                named("new view state carrying a batch", viewStateHead(frame(MessageType.NEW_VIEW).i64(0).i32(0)
                        .i32(1), 0, 0).i32(0).u8(1).bytes(EMPTY_BATCH).u16(64).raw(SIGNATURE, 0, 64)
                        .bytes(EMPTY_BATCH).toByteArray()),
                named("negative decision query slot", frame(MessageType.DECISION_QUERY).i64(-1).toByteArray()),
                named("rejoin replica out of range", frame(MessageType.REJOIN_REQUEST).u16(16).i64(0).u16(64)
                        .raw(SIGNATURE, 0, 64).toByteArray()),
                named("negative rejoin suspendedAt", frame(MessageType.REJOIN_REQUEST).u16(0).i64(-1).u16(64)
                        .raw(SIGNATURE, 0, 64).toByteArray()),
                named("rejoin signature length 0", frame(MessageType.REJOIN_REQUEST).u16(0).i64(0).u16(0)
                        .toByteArray()),
                named("status query includeStateDigest 2", frame(MessageType.STATUS_QUERY).i64(0).u8(2)
                        .toByteArray()),
                named("negative status epoch", frame(MessageType.STATUS_REPORT).u16(0).i64(0).i64(-1).toByteArray()),
                named("suspended replica out of range", statusReportHead(0).i32(1).u16(16).i64(0).toByteArray()),
                named("negative view changes", statusReportHead(0).i32(0).i64(-1).toByteArray()),
                named("key report naming no replica", frame(MessageType.KEY_REPORT).u16(0).i64(0).i64(0).u16(0)
                        .toByteArray()),
                named("key report naming more than maxReplicas", frame(MessageType.KEY_REPORT).u16(0).i64(0).i64(0)
                        .u16(LIMITS.maxReplicas() + 1).toByteArray()),
                named("key report from a replica out of range", frame(MessageType.KEY_REPORT).u16(16).i64(0).i64(0)
                        .u16(1).i64(0).raw(new byte[32], 0, 32).toByteArray()),
                named("negative key report epoch", frame(MessageType.KEY_REPORT).u16(0).i64(0).i64(-1).u16(1).i64(0)
                        .raw(new byte[32], 0, 32).toByteArray()),
                named("negative key report incarnation", frame(MessageType.KEY_REPORT).u16(0).i64(0).i64(0).u16(1)
                        .i64(-1).raw(new byte[32], 0, 32).toByteArray()),
                named("batch proposer out of range", frame(MessageType.DECIDED).i64(0)
                        .bytes(Batch.empty(0, 0, LIMITS.maxReplicas()).encoded()).toByteArray()),
                named("read-only request inside a batch", frame(MessageType.DECIDED).i64(0)
                        .bytes(new WireWriter(64).u8(Batch.FORMAT).i64(0).i32(0).u16(0).i32(1)
                                .i64(0).i64(0).u8(1).i32(0).u16(0).toByteArray()).toByteArray()));
    }

    static Stream<Named<byte[]>> trailingBytes() {
        byte[] batchWithTail = java.util.Arrays.copyOf(EMPTY_BATCH, EMPTY_BATCH.length + 1);
        return Stream.of(
                named("decision query with a ninth byte", frame(MessageType.DECISION_QUERY).i64(0).u8(0)
                        .toByteArray()),
                named("status query with a spare byte", frame(MessageType.STATUS_QUERY).i64(0).u8(1).u8(1)
                        .toByteArray()),
                named("batch with a byte after its end", frame(MessageType.PROPOSE).i64(0).i32(0)
                        .bytes(batchWithTail).toByteArray()));
    }

    @ParameterizedTest
    @MethodSource
    void truncated(byte[] frame) {
        assertRejected(frame, Kind.TRUNCATED);
    }

    @ParameterizedTest
    @MethodSource
    void oversized(byte[] frame) {
        assertRejected(frame, Kind.OVERSIZED);
    }

    @ParameterizedTest
    @MethodSource
    void invalidField(byte[] frame) {
        assertRejected(frame, Kind.INVALID_FIELD);
    }

    @ParameterizedTest
    @MethodSource
    void trailingBytes(byte[] frame) {
        assertRejected(frame, Kind.TRAILING_BYTES);
    }

    @Test
    void unsupportedVersion() {
        for (int version : new int[] {0, 2, 255}) {
            assertRejected(new byte[] {(byte) version, (byte) MessageType.DECISION_QUERY.tag(), 0, 0, 0, 0, 0, 0, 0, 0},
                    Kind.UNSUPPORTED_VERSION);
        }
        byte[] batchFormat3 = EMPTY_BATCH.clone();
        batchFormat3[0] = 3;
        assertRejected(frame(MessageType.DECIDED).i64(0).bytes(batchFormat3).toByteArray(), Kind.UNSUPPORTED_VERSION);
    }

    @Test
    void unknownType() {
        for (int tag : new int[] {0, 21, 31, 32, 255}) {
            assertRejected(new byte[] {MessageCodec.VERSION, (byte) tag, 0, 0, 0, 0, 0, 0, 0, 0}, Kind.UNKNOWN_TYPE);
        }
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void anyByteAfterAValidMessageIsTrailing(MessageType type) {
        Gen.forAll(50, g -> {
            byte[] frame = codec.encode(new MessageGen(g, LIMITS).of(type));
            byte[] longer = java.util.Arrays.copyOf(frame, frame.length + g.intIn(1, 8));
            assertRejected(longer, Kind.TRAILING_BYTES);
        });
    }

    @Test
    void aRangeOutsideTheArrayIsTheCallersBugNotBadInput() {
        assertThatThrownBy(() -> codec.decode(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> codec.decode(new byte[4], -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    // The encoder refuses what the decoder would refuse, so no correct replica sends a
    // frame that its peers must drop.

    @Test
    void encoderRefusesMessagesTheDecoderWouldRefuse() {
        byte[] big = new byte[LIMITS.maxPayloadBytes() + 1];
        ViewState state = new ViewState(0, 0, 0, 0, Digest.ZERO, List.of(), null, SIGNATURE);
        List<Message> refused = List.of(
                new Request(0, 0, false, big),
                new Reply(LIMITS.maxReplicas(), 0, 0, 0, 0, ReplyStatus.OK, new byte[0]),
                new Reply(-1, 0, 0, 0, 0, ReplyStatus.OK, new byte[0]),
                new Reply(0x10001, 0, 0, 0, 0, ReplyStatus.OK, new byte[0]),
                new Reply(0, 0, 0, -1, 0, ReplyStatus.OK, new byte[0]),
                new Reply(0, 0, 0, 0, 0, ReplyStatus.OK, big),
                new RejoinRequest(0, 0, new byte[63]),
                new RejoinRequest(0, -1, SIGNATURE),
                new ViewState(0, 0, 0, -1, Digest.ZERO, List.of(), null, SIGNATURE),
                new ViewState(0, 0, 0, 0, Digest.ZERO,
                        Collections.nCopies(LIMITS.maxWriteSet() + 1, new WriteEntry(1, Digest.ZERO)), null, SIGNATURE),
                new NewView(0, 0, List.of(new ViewState(0, 0, 0, 0, Digest.ZERO, List.of(), Batch.empty(0, 0, 0),
                        SIGNATURE)), Batch.empty(0, 0, 0)),
                new NewView(0, 0, Collections.nCopies(LIMITS.maxReplicas() + 1, state), Batch.empty(0, 0, 0)),
                new Propose(-1, 0, Batch.empty(0, 0, 0)),
                new Propose(0, 0, Batch.empty(0, 0, LIMITS.maxReplicas())),
                new Propose(0, 0, Batch.create(0, 0, 0,
                        Collections.nCopies(LIMITS.maxBatchRequests() + 1, new Request(0, 0, false, new byte[0])),
                        List.of())),
                new Propose(0, 0, Batch.create(0, 0, 0, List.of(new Request(0, 0, false, big)), List.of())),
                new StatusReport(0, 0, 0, 0, 0, Digest.ZERO, List.of(LIMITS.maxReplicas()), 0, 0, 0, 0, 0, 0, 0),
                new StatusReport(0, 0, 0, 0, -1, Digest.ZERO, List.of(), 0, 0, 0, 0, 0, 0, 0),
                new StatusReport(0, 0, 0, 0, 0, Digest.ZERO, List.of(), 0, 0, -1, 0, 0, 0, 0),
                new StatusReport(0, 0, 0, 0, 0, Digest.ZERO, List.of(), 0, 0, 0, -1, 0, 0, 0),
                new StatusReport(0, 0, 0, 0, 0, Digest.ZERO, List.of(), 0, 0, 0, 0, -1, 0, 0),
                new StatusReport(0, 0, 0, 0, 0, Digest.ZERO, List.of(), 0, 0, 0, 0, 0, -1, 0),
                new StatusReport(0, 0, 0, 0, 0, Digest.ZERO, List.of(), 0, 0, 0, 0, 0, 0, -1));
        for (Message m : refused) {
            assertThatIllegalArgumentException().as("%s", m).isThrownBy(() -> codec.encode(m));
        }
    }

    @Test
    void encoderRefusesAFrameOverMaxFrameBytes() {
        MessageCodec small = new MessageCodec(new CodecLimits(2048, 1024, 8, 1024, 16, 8));
        // 193 bytes per state: 10 states make a 1975-byte frame, 11 a 2168-byte one.
        ViewState state = new ViewState(0, 0, 0, 0, Digest.ZERO,
                List.of(new WriteEntry(1, Digest.ZERO), new WriteEntry(2, Digest.ZERO)), null, SIGNATURE);
        NewView fits = new NewView(0, 0, Collections.nCopies(10, state), Batch.empty(0, 0, 0));
        NewView tooBig = new NewView(0, 0, Collections.nCopies(11, state), Batch.empty(0, 0, 0));

        assertThat(small.encode(fits)).hasSize(1975);
        assertThatIllegalArgumentException().isThrownBy(() -> small.encode(tooBig)).withMessageContaining("frame");
    }

    private void assertRejected(byte[] frame, Kind kind) {
        assertThatThrownBy(() -> codec.decode(frame)).isInstanceOfSatisfying(CodecException.class,
                e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind));
    }

    private static WireWriter frame(MessageType type) {
        return new WireWriter(64).u8(MessageCodec.VERSION).u8(type.tag());
    }

    /** A reply up to its status byte. */
    private static WireWriter replyHeader(int replica, long epoch, long slot) {
        return frame(MessageType.REPLY).u16(replica).i64(0).i64(0).i64(epoch).i64(slot);
    }

    /** A view state up to its write-set count. */
    private static WireWriter viewStateHead(WireWriter w, int replica, int valTs) {
        return w.i64(0).i32(0).u16(replica).i32(valTs).digest(Digest.ZERO);
    }

    /** A status report up to its suspended count. */
    private static WireWriter statusReportHead(int replica) {
        return frame(MessageType.STATUS_REPORT).u16(replica).i64(0).i64(0).i64(0).i64(0).digest(Digest.ZERO);
    }
}
