package io.molt.core.codec;

import java.util.List;
import io.molt.core.message.Batch;
import io.molt.core.message.Checkpoint;
import io.molt.core.message.EpochChange;
import io.molt.core.message.KeyQuery;
import io.molt.core.message.KeyReport;
import io.molt.core.message.ChunkRequest;
import io.molt.core.message.ManifestRequest;
import io.molt.core.message.SnapshotChunk;
import io.molt.core.message.SnapshotManifest;
import io.molt.core.crypto.Digest;
import io.molt.core.message.Commit;
import io.molt.core.message.Decided;
import io.molt.core.message.DecisionQuery;
import io.molt.core.message.Message;
import io.molt.core.message.MessageType;
import io.molt.core.message.NewView;
import io.molt.core.message.Prepare;
import io.molt.core.message.Propose;
import io.molt.core.message.RejoinRequest;
import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import io.molt.core.message.Request;
import io.molt.core.message.StatusQuery;
import io.molt.core.message.StatusReport;
import io.molt.core.message.ViewState;
import io.molt.core.message.WriteEntry;

/**
 * Arbitrary well-formed messages: every field drawn from its whole legal range under
 * {@code limits}, sizes reaching each limit. Callers choose limits under which the largest
 * message fits a frame ({@link #FITTING} does).
 */
public final class MessageGen {
    /**
     * Small limits, so that generated messages reach every one of them cheaply, chosen so
     * that the largest NewView (16 states of 8 write entries and a batch of 8 requests of
     * 1 KiB and 16 rejoins, about 17 KiB) fits a frame.
     */
    public static final CodecLimits FITTING = new CodecLimits(32 << 10, 1024, 8, 16 << 10, 16, 8);

    private final Gen g;
    private final CodecLimits limits;

    public MessageGen(Gen g, CodecLimits limits) {
        this.g = g;
        this.limits = limits;
    }

    public Message any() {
        return of(g.pick(MessageType.values()));
    }

    public Message of(MessageType type) {
        return switch (type) {
            case REQUEST -> new Request(g.nonNegativeLong(), g.nonNegativeLong(), g.bool(), payload());
            case REPLY -> new Reply(replica(), g.nonNegativeLong(), g.nonNegativeLong(), g.nonNegativeLong(),
                    g.nonNegativeLong(), g.pick(ReplyStatus.values()), payload());
            case PROPOSE -> new Propose(g.nonNegativeLong(), g.nonNegativeInt(), batch(), signature());
            case PREPARE -> new Prepare(g.nonNegativeLong(), g.nonNegativeInt(), g.digest());
            case COMMIT -> new Commit(g.nonNegativeLong(), g.nonNegativeInt(), g.digest());
            case VIEW_STATE -> viewState(g.bool());
            case NEW_VIEW -> new NewView(g.nonNegativeLong(), g.nonNegativeInt(),
                    g.listUpTo(limits.maxReplicas(), () -> viewState(false)), batch());
            case DECIDED -> new Decided(g.nonNegativeLong(), batch());
            case DECISION_QUERY -> new DecisionQuery(g.nonNegativeLong());
            case REJOIN_REQUEST -> rejoin();
            case STATUS_QUERY -> new StatusQuery(g.anyLong(), g.bool());
            case STATUS_REPORT -> new StatusReport(replica(), g.anyLong(), g.nonNegativeLong(), g.nonNegativeLong(),
                    g.nonNegativeLong(), g.digest(), g.listUpTo(limits.maxReplicas(), this::replica),
                    g.nonNegativeLong(), g.nonNegativeLong(), g.nonNegativeLong(), g.nonNegativeLong(),
                    g.nonNegativeLong(), g.nonNegativeLong(), g.nonNegativeLong());
            case CHECKPOINT -> new Checkpoint(g.nonNegativeLong(), replica(), g.digest(), signature());
            case MANIFEST_REQUEST -> new ManifestRequest(g.nonNegativeLong());
            case SNAPSHOT_MANIFEST -> manifest();
            case CHUNK_REQUEST -> new ChunkRequest(g.nonNegativeLong(), g.nonNegativeInt());
            case SNAPSHOT_CHUNK -> new SnapshotChunk(g.nonNegativeLong(), g.nonNegativeInt(),
                    g.bytesUpTo(limits.maxFrameBytes() / 2));
            case EPOCH_CHANGE -> epochChange();
            case KEY_QUERY -> new KeyQuery(g.anyLong());
            case KEY_REPORT -> keyReport();
        };
    }

    /** An epoch change of up to {@code r = 2} replicas with certificates of up to 256 bytes. */
    public EpochChange epochChange() {
        List<EpochChange.Refresh> refreshes = new java.util.ArrayList<>();
        int count = g.intIn(1, Math.min(2, limits.maxReplicas()));
        for (int i = 0; i < count; i++) {
            refreshes.add(new EpochChange.Refresh(replica(), g.bytes(32), g.bytesUpTo(256)));
        }
        return new EpochChange(g.longIn(1, Long.MAX_VALUE), g.nonNegativeLong(), refreshes, signature());
    }

    /** A key report naming between 1 and {@code maxReplicas} replicas. */
    public KeyReport keyReport() {
        List<KeyReport.CurrentKey> keys = new java.util.ArrayList<>();
        int count = g.intIn(1, limits.maxReplicas());
        for (int i = 0; i < count; i++) {
            keys.add(new KeyReport.CurrentKey(g.nonNegativeLong(), g.bytes(32)));
        }
        return new KeyReport(replica(), g.anyLong(), g.nonNegativeLong(), keys);
    }

    /** A manifest of up to 64 chunks (small chunks, so it fits the small frames). */
    public SnapshotManifest manifest() {
        int chunkBytes = g.intIn(1, 4096);
        long total = g.longIn(0, 64L * chunkBytes);
        int count = (int) SnapshotManifest.chunkCount(total, chunkBytes);
        List<Digest> digests = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            digests.add(g.digest());
        }
        return new SnapshotManifest(g.nonNegativeLong(), total, chunkBytes, digests);
    }

    public Batch batch() {
        return Batch.create(g.nonNegativeLong(), g.nonNegativeInt(), replica(),
                g.listUpTo(limits.maxBatchRequests(),
                        () -> new Request(g.nonNegativeLong(), g.nonNegativeLong(), false, payload())),
                g.listUpTo(limits.maxReplicas(), this::rejoin), g.listUpTo(1, this::epochChange));
    }

    public ViewState viewState(boolean withBatch) {
        return new ViewState(g.nonNegativeLong(), g.nonNegativeInt(), replica(), g.nonNegativeInt(), g.digest(),
                g.listUpTo(limits.maxWriteSet(), () -> new WriteEntry(g.nonNegativeInt(), g.digest())),
                withBatch ? batch() : null, signature());
    }

    public RejoinRequest rejoin() {
        return new RejoinRequest(replica(), g.nonNegativeLong(), signature());
    }

    public int replica() {
        return g.intIn(0, limits.maxReplicas() - 1);
    }

    public byte[] payload() {
        return g.bytesUpTo(limits.maxPayloadBytes());
    }

    public byte[] signature() {
        return g.bytes(CodecLimits.SIGNATURE_BYTES);
    }
}
