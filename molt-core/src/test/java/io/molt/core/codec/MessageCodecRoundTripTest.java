package io.molt.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.crypto.Digest;
import io.molt.core.message.Batch;
import io.molt.core.message.Decided;
import io.molt.core.message.Message;
import io.molt.core.message.MessageType;
import io.molt.core.message.NewView;
import io.molt.core.message.Prepare;
import io.molt.core.message.Propose;
import io.molt.core.message.RejoinRequest;
import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import io.molt.core.message.Request;
import io.molt.core.message.StatusReport;
import io.molt.core.message.ViewState;
import io.molt.core.message.WriteEntry;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageCodecRoundTripTest {
    private static final HexFormat HEX = HexFormat.of();

    private final MessageCodec codec = new MessageCodec(MessageGen.FITTING);

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyMessageSurvivesEncodeAndDecode(MessageType type) {
        Gen.forAll(1000, g -> assertRoundTrip(codec, new MessageGen(g, MessageGen.FITTING).of(type)));
    }

    @Test
    void decodesAFrameInsideALargerBuffer() {
        Gen.forAll(200, g -> {
            Message m = new MessageGen(g, MessageGen.FITTING).any();
            byte[] frame = codec.encode(m);
            byte[] before = g.bytesUpTo(16);
            byte[] after = g.bytesUpTo(16);
            byte[] buffer = new byte[before.length + frame.length + after.length];
            System.arraycopy(before, 0, buffer, 0, before.length);
            System.arraycopy(frame, 0, buffer, before.length, frame.length);
            System.arraycopy(after, 0, buffer, before.length + frame.length, after.length);

            assertThat(codec.decode(buffer, before.length, frame.length)).isEqualTo(m);
        });
    }

    @Test
    void payloadsFromEmptyToTheDefaultLimitRoundTrip() throws CodecException {
        MessageCodec defaults = new MessageCodec(CodecLimits.DEFAULT);
        int max = CodecLimits.DEFAULT.maxPayloadBytes();
        for (byte[] payload : List.of(new byte[0], filled(max, (byte) 0x5a))) {
            assertRoundTrip(defaults, new Request(0, 0, false, payload));
            assertRoundTrip(defaults, new Request(Long.MAX_VALUE, Long.MAX_VALUE, true, payload));
            assertRoundTrip(defaults, new Reply(63, 1, 2, 3, 4, ReplyStatus.SERVICE_ERROR, payload));
        }
    }

    @Test
    void aBatchAtTheDefaultLimitRoundTrips() throws CodecException {
        MessageCodec defaults = new MessageCodec(CodecLimits.DEFAULT);
        int perRequest = CodecLimits.DEFAULT.maxBatchBytes() / 8 - 64;
        List<Request> requests = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> new Request(i, i, false, filled(perRequest, (byte) i)))
                .toList();
        Batch batch = Batch.create(7, 0, 0, requests, List.of());
        assertThat(batch.encoded().length).isGreaterThan(CodecLimits.DEFAULT.maxBatchBytes() - 1024);

        assertRoundTrip(defaults, new Propose(7, 0, batch));
        assertRoundTrip(defaults, new Decided(7, batch));
    }

    // Pinned encodings: round trips cannot notice a change of layout that both directions
    // share, and a change of layout splits an ensemble. These bytes are docs/WIRE.md.

    @Test
    void requestLayoutIsPinned() {
        Request r = new Request(0x0102030405060708L, 9, true, new byte[] {(byte) 0xaa, (byte) 0xbb});

        assertThat(HEX.formatHex(codec.encode(r))).isEqualTo("01" + "01"
                + "0102030405060708" + "0000000000000009" + "01" + "00000002" + "aabb");
    }

    @Test
    void prepareLayoutIsPinned() {
        Digest d = Digest.sha256(new byte[0]);

        assertThat(HEX.formatHex(codec.encode(new Prepare(5, 3, d)))).isEqualTo("01" + "04"
                + "0000000000000005" + "00000003" + d.toHex());
    }

    @Test
    void rejoinLayoutIsPinned() {
        byte[] sig = filled(64, (byte) 0x11);

        assertThat(HEX.formatHex(codec.encode(new RejoinRequest(2, 40, sig)))).isEqualTo("01" + "0a"
                + "0002" + "0000000000000028" + "0040" + HEX.formatHex(sig));
    }

    @Test
    void viewStateLayoutIsPinned() {
        byte[] sig = filled(64, (byte) 0x22);
        Digest d = Digest.sha256(new byte[] {1});
        ViewState s = new ViewState(1, 2, 3, 2, d, List.of(new WriteEntry(1, d)), null, sig);

        assertThat(HEX.formatHex(codec.encode(s))).isEqualTo("01" + "06"
                + "0000000000000001" + "00000002" + "0003" + "00000002" + d.toHex()
                + "00000001" + "00000001" + d.toHex()
                + "00"
                + "0040" + HEX.formatHex(sig));
    }

    @Test
    void newViewEmbedsStatesWithoutBatchesThenItsOwnBatch() {
        byte[] sig = filled(64, (byte) 0x33);
        ViewState s = new ViewState(4, 1, 0, 0, Digest.ZERO, List.of(), null, sig);
        Batch b = Batch.empty(4, 1, 1);
        byte[] frame = codec.encode(new NewView(4, 1, List.of(s), b));

        assertThat(HEX.formatHex(frame)).isEqualTo("01" + "07" + "0000000000000004" + "00000001" + "00000001"
                + HEX.formatHex(codec.encode(s)).substring(4)
                + String.format("%08x", b.encoded().length) + HEX.formatHex(b.encoded()));
    }

    @Test
    void statusReportLayoutIsPinned() {
        StatusReport r = new StatusReport(1, -1, 2, 3, 4, Digest.ZERO, List.of(5, 6), 7, 8, 9, 10, 11, 12, 13);

        assertThat(HEX.formatHex(codec.encode(r))).isEqualTo("01" + "0c" + "0001" + "ffffffffffffffff"
                + "0000000000000002" + "0000000000000003" + "0000000000000004" + Digest.ZERO.toHex()
                + "00000002" + "0005" + "0006" + "0000000000000007" + "0000000000000008" + "0000000000000009"
                + "000000000000000a" + "000000000000000b" + "000000000000000c" + "000000000000000d");
    }

    /**
     * The frame carries the version and the type's tag, decodes to a message equal to the
     * original in every field, and that message encodes back to the same bytes.
     */
    static void assertRoundTrip(MessageCodec codec, Message m) throws CodecException {
        byte[] frame = codec.encode(m);
        assertThat(frame[0]).isEqualTo((byte) MessageCodec.VERSION);
        assertThat(frame[1] & 0xff).isEqualTo(m.type().tag());

        Message decoded = codec.decode(frame);

        assertThat(decoded).isEqualTo(m);
        assertThat(decoded.type()).isEqualTo(m.type());
        assertThat(codec.encode(decoded)).isEqualTo(frame);
    }

    private static byte[] filled(int length, byte value) {
        byte[] b = new byte[length];
        Arrays.fill(b, value);
        return b;
    }
}
