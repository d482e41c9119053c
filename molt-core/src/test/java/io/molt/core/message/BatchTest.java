package io.molt.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.CodecException.Kind;
import io.molt.core.codec.CodecLimits;
import io.molt.core.codec.Gen;
import io.molt.core.codec.MessageGen;
import io.molt.core.codec.WireWriter;
import io.molt.core.crypto.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {
    /** maxPayloadBytes 1024, maxBatchRequests 8, maxBatchBytes 16 KiB, maxReplicas 16. */
    private static final CodecLimits LIMITS = MessageGen.FITTING;
    private static final byte[] SIGNATURE = new byte[CodecLimits.SIGNATURE_BYTES];

    @Test
    void decodeGivesBackWhatCreateBuilt() {
        Gen.forAll(1000, g -> {
            Batch b = new MessageGen(g, LIMITS).batch();
            Batch d = Batch.decode(b.encoded().clone(), LIMITS);

            assertThat(d.slot()).isEqualTo(b.slot());
            assertThat(d.view()).isEqualTo(b.view());
            assertThat(d.proposer()).isEqualTo(b.proposer());
            assertThat(d.requests()).isEqualTo(b.requests());
            assertThat(d.rejoins()).isEqualTo(b.rejoins());
            assertThat(d.epochChanges()).isEqualTo(b.epochChanges());
            assertThat(d.encoded()).isEqualTo(b.encoded());
            assertThat(d.digest()).isEqualTo(b.digest()).isEqualTo(Digest.sha256(b.encoded()));
            assertThat(d).isEqualTo(b);
        });
    }

    @Test
    void batchesWrittenBeforeEpochChangesExistedStillDecode() throws CodecException {
        byte[] format1 = header(1, 7, 0, 2).i32(0).u16(0).toByteArray();

        Batch b = Batch.decode(format1, LIMITS);

        assertThat(b.slot()).isEqualTo(7);
        assertThat(b.proposer()).isEqualTo(2);
        assertThat(b.epochChanges()).isEmpty();
        assertThat(b.encoded()).isEqualTo(format1);
    }

    @Test
    void decodeThrowsOnlyCodecExceptionOnRandomAndMutatedInput() {
        Gen.forAll(3000, g -> {
            byte[] bytes = g.bool() ? g.bytesUpTo(512) : new MessageGen(g, LIMITS).batch().encoded().clone();
            for (int i = g.intIn(1, 4); i > 0 && bytes.length > 0; i--) {
                bytes[g.intIn(0, bytes.length - 1)] = (byte) g.intIn(0, 255);
            }
            try {
                Batch.decode(bytes, LIMITS);
            } catch (CodecException expected) {
                // the only failure allowed
            }
        });
    }

    @Test
    void batchesDifferingInAnyFieldDiffer() {
        Batch b = Batch.create(1, 2, 3, List.of(new Request(4, 5, false, new byte[] {6})), List.of());

        assertThat(b).isEqualTo(Batch.create(1, 2, 3, List.of(new Request(4, 5, false, new byte[] {6})), List.of()));
        assertThat(b).isNotEqualTo(Batch.create(1, 2, 4, List.of(new Request(4, 5, false, new byte[] {6})), List.of()));
        assertThat(b).isNotEqualTo(Batch.create(1, 2, 3, List.of(new Request(4, 5, false, new byte[] {7})), List.of()));
        assertThat(b.isEmpty()).isFalse();
        assertThat(Batch.empty(1, 2, 3).isEmpty()).isTrue();
    }

    @Test
    void createRefusesValuesWithoutAnEncoding() {
        Request readOnly = new Request(0, 0, true, new byte[0]);
        assertThatIllegalArgumentException().isThrownBy(() -> Batch.create(0, 0, 0, List.of(readOnly), List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> Batch.empty(-1, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> Batch.empty(0, -1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> Batch.empty(0, 0, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> Batch.empty(0, 0, 0x10000));
        assertThatIllegalArgumentException().isThrownBy(() -> rejoining(new RejoinRequest(0x10000, 0, SIGNATURE)));
        assertThatIllegalArgumentException().isThrownBy(() -> rejoining(new RejoinRequest(0, -1, SIGNATURE)));
        assertThatIllegalArgumentException().isThrownBy(() -> rejoining(new RejoinRequest(0, 0, new byte[63])));
        assertThatIllegalArgumentException().isThrownBy(() -> rejoining(new RejoinRequest(0, 0, new byte[65])));
    }

    @Test
    void decodeRefusesBadHeaders() {
        assertRejected(header(3, 0, 0, 0).i32(0).u16(0).u16(0).toByteArray(), Kind.UNSUPPORTED_VERSION);
        assertRejected(header(0, 0, 0, 0).i32(0).u16(0).toByteArray(), Kind.UNSUPPORTED_VERSION);
        assertRejected(header(1, -1, 0, 0).i32(0).u16(0).toByteArray(), Kind.INVALID_FIELD);
        assertRejected(header(1, 0, -1, 0).i32(0).u16(0).toByteArray(), Kind.INVALID_FIELD);
        assertRejected(header(1, 0, 0, LIMITS.maxReplicas()).i32(0).u16(0).toByteArray(), Kind.INVALID_FIELD);
        assertRejected(new byte[] {1, 0, 0}, Kind.TRUNCATED);
        assertRejected(new byte[0], Kind.TRUNCATED);
    }

    @Test
    void decodeRefusesABatchOverMaxBatchBytesBeforeReadingIt() {
        byte[] big = new byte[LIMITS.maxBatchBytes() + 1];
        big[0] = (byte) Batch.FORMAT;
        assertRejected(big, Kind.OVERSIZED);
    }

    @Test
    void decodeRefusesRequestCountsOverTheLimit() {
        assertRejected(header(1, 0, 0, 0).i32(LIMITS.maxBatchRequests() + 1).toByteArray(), Kind.OVERSIZED);
        assertRejected(header(1, 0, 0, 0).i32(-1).toByteArray(), Kind.OVERSIZED);
        // Within the limit but not present: runs out of bytes, allocating nothing large.
        assertRejected(header(1, 0, 0, 0).i32(LIMITS.maxBatchRequests()).toByteArray(), Kind.TRUNCATED);
    }

    @Test
    void decodeRefusesBadRequests() {
        assertRejected(oneRequest(0, 0, 1, 0).toByteArray(), Kind.INVALID_FIELD); // read-only flag
        assertRejected(oneRequest(0, 0, 0x80, 0).toByteArray(), Kind.INVALID_FIELD);
        assertRejected(oneRequest(-1, 0, 0, 0).toByteArray(), Kind.INVALID_FIELD);
        assertRejected(oneRequest(0, -1, 0, 0).toByteArray(), Kind.INVALID_FIELD);
        assertRejected(oneRequest(0, 0, 0, LIMITS.maxPayloadBytes() + 1).toByteArray(), Kind.OVERSIZED);
        assertRejected(oneRequest(0, 0, 0, 4).toByteArray(), Kind.TRUNCATED);
    }

    @Test
    void decodeRefusesBadRejoins() {
        assertRejected(header(1, 0, 0, 0).i32(0).u16(LIMITS.maxReplicas() + 1).toByteArray(), Kind.OVERSIZED);
        assertRejected(header(1, 0, 0, 0).i32(0).u16(1).u16(0).i64(0).u16(63).raw(SIGNATURE, 0, 63).toByteArray(),
                Kind.INVALID_FIELD);
        assertRejected(header(1, 0, 0, 0).i32(0).u16(1).u16(LIMITS.maxReplicas()).i64(0).u16(64)
                .raw(SIGNATURE, 0, 64).toByteArray(), Kind.INVALID_FIELD);
        assertRejected(header(1, 0, 0, 0).i32(0).u16(1).u16(0).i64(-1).u16(64).raw(SIGNATURE, 0, 64).toByteArray(),
                Kind.INVALID_FIELD);
    }

    @Test
    void decodeRefusesTrailingBytes() {
        assertRejected(header(1, 0, 0, 0).i32(0).u16(0).u8(0).toByteArray(), Kind.TRAILING_BYTES);
    }

    private static Batch rejoining(RejoinRequest j) {
        return Batch.create(0, 0, 0, List.of(), List.of(j));
    }

    private static WireWriter header(int format, long slot, int view, int proposer) {
        return new WireWriter(64).u8(format).i64(slot).i32(view).u16(proposer);
    }

    /** A batch of one request whose payload length is declared but whose payload is absent. */
    private static WireWriter oneRequest(long clientId, long seq, int flags, int payloadLength) {
        return header(1, 0, 0, 0).i32(1).i64(clientId).i64(seq).u8(flags).i32(payloadLength);
    }

    private static void assertRejected(byte[] bytes, Kind kind) {
        assertThatThrownBy(() -> Batch.decode(bytes, LIMITS)).isInstanceOfSatisfying(CodecException.class,
                e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind));
    }
}
