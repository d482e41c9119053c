package io.molt.core.codec;

import io.molt.core.codec.CodecException.Kind;
import io.molt.core.crypto.Digest;
import io.molt.core.crypto.Ed25519;
import io.molt.core.message.Batch;
import io.molt.core.message.Checkpoint;
import io.molt.core.message.ChunkRequest;
import io.molt.core.message.Commit;
import io.molt.core.message.Decided;
import io.molt.core.message.DecisionQuery;
import io.molt.core.message.ManifestRequest;
import io.molt.core.message.Message;
import io.molt.core.message.MessageType;
import io.molt.core.message.NewView;
import io.molt.core.message.Prepare;
import io.molt.core.message.Propose;
import io.molt.core.message.EpochChange;
import io.molt.core.message.KeyQuery;
import io.molt.core.message.KeyReport;
import io.molt.core.message.RejoinRequest;
import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import io.molt.core.message.Request;
import io.molt.core.message.SnapshotChunk;
import io.molt.core.message.SnapshotManifest;
import io.molt.core.message.StatusQuery;
import io.molt.core.message.StatusReport;
import io.molt.core.message.ViewState;
import io.molt.core.message.WriteEntry;
import java.util.List;
import java.util.Objects;

/**
 * The versioned binary encoding of every {@link Message}. A frame is
 * {@code u8 version | u8 type tag | body}; the transport delimits frames, so a frame has no
 * length of its own. Each body is a fixed sequence of big-endian fields, given in the
 * comment above each type's write and read methods and in {@code docs/WIRE.md}. Common
 * fields: replica ids are u16 below {@code maxReplicas}; slots, sequence numbers, client
 * ids and epochs are i64 and views and view timestamps i32, none of them negative; byte
 * strings and batches are a u32 length and the bytes; counts are u32; a signature is a u16
 * length, always 64, and the bytes.
 *
 * <p>Decoding trusts nothing. Every length and count is checked against {@link CodecLimits}
 * and against the bytes actually present before anything is allocated, so a frame makes the
 * decoder allocate a small multiple of its own size at most, and any input either decodes or
 * raises {@link CodecException}.
 *
 * <p>The encoding is canonical: a message has exactly one encoding, and every frame the
 * decoder accepts re-encodes to itself. The encoder refuses whatever the decoder would, so
 * a peer with the same limits never has to drop a frame that a correct replica sent.
 *
 * <p>Immutable and thread-safe.
 */
public final class MessageCodec {
    /** First byte of every frame. */
    public static final int VERSION = 1;

    /** Version and type tag. */
    private static final int HEADER_BYTES = 2;
    /** Request flags: bit 0 marks a read-only request, the others must be clear. */
    private static final int READ_ONLY = 1;
    private static final int WRITE_ENTRY_BYTES = 4 + Digest.LENGTH;
    private static final int SIGNATURE_FIELD_BYTES = 2 + CodecLimits.SIGNATURE_BYTES;
    /** Room a snapshot chunk's frame needs besides the chunk itself. */
    private static final int CHUNK_OVERHEAD_BYTES = HEADER_BYTES + 8 + 4 + 4;
    /** The least a view state can occupy: no write entries, no batch. */
    private static final int VIEW_STATE_MIN_BYTES = 8 + 4 + 2 + 4 + Digest.LENGTH + 4 + 1 + SIGNATURE_FIELD_BYTES;

    private final CodecLimits limits;
    /** Exclusive bound on replica ids: the configured one, and no more than a u16 holds. */
    private final int replicaBound;

    public MessageCodec(CodecLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.replicaBound = Math.min(limits.maxReplicas(), 1 << 16);
    }

    public CodecLimits limits() {
        return limits;
    }

    /** The largest snapshot chunk that fits in a frame. */
    public int maxChunkBytes() {
        return limits.maxFrameBytes() - CHUNK_OVERHEAD_BYTES;
    }

    /**
     * Encodes a message into a frame of exactly its size.
     *
     * @throws IllegalArgumentException when the message is not well formed: a field outside
     *     its wire range or over a limit, a signature that is not 64 bytes, a {@link NewView}
     *     whose states carry batches, or a frame larger than {@code maxFrameBytes}
     */
    public byte[] encode(Message m) {
        long size = HEADER_BYTES + bodySize(m);
        if (size > limits.maxFrameBytes()) {
            throw new IllegalArgumentException(m.type() + " frame of " + size + " bytes exceeds limit "
                    + limits.maxFrameBytes());
        }
        WireWriter w = new WireWriter((int) size).u8(VERSION).u8(m.type().tag());
        switch (m.type()) {
            case REQUEST -> writeRequest(w, (Request) m);
            case REPLY -> writeReply(w, (Reply) m);
            case PROPOSE -> writePropose(w, (Propose) m);
            case PREPARE -> writePrepare(w, (Prepare) m);
            case COMMIT -> writeCommit(w, (Commit) m);
            case VIEW_STATE -> writeViewState(w, (ViewState) m, true);
            case NEW_VIEW -> writeNewView(w, (NewView) m);
            case DECIDED -> writeDecided(w, (Decided) m);
            case DECISION_QUERY -> writeDecisionQuery(w, (DecisionQuery) m);
            case REJOIN_REQUEST -> writeRejoinRequest(w, (RejoinRequest) m);
            case STATUS_QUERY -> writeStatusQuery(w, (StatusQuery) m);
            case STATUS_REPORT -> writeStatusReport(w, (StatusReport) m);
            case CHECKPOINT -> writeCheckpoint(w, (Checkpoint) m);
            case MANIFEST_REQUEST -> w.i64(nonNegative(((ManifestRequest) m).slot(), "manifest request slot"));
            case SNAPSHOT_MANIFEST -> writeManifest(w, (SnapshotManifest) m);
            case CHUNK_REQUEST -> writeChunkRequest(w, (ChunkRequest) m);
            case SNAPSHOT_CHUNK -> writeChunk(w, (SnapshotChunk) m);
            case EPOCH_CHANGE -> ((EpochChange) m).writeTo(w);
            case KEY_QUERY -> w.i64(((KeyQuery) m).nonce());
            case KEY_REPORT -> writeKeyReport(w, (KeyReport) m);
            default -> throw new AssertionError("no encoding for " + m.type());
        }
        assert w.position() == size : m.type() + ": computed " + size + " bytes, wrote " + w.position();
        return w.toByteArray();
    }

    public Message decode(byte[] frame) throws CodecException {
        return decode(frame, 0, frame.length);
    }

    /**
     * Decodes the frame in {@code frame[offset, offset + length)}. Throws nothing but
     * {@link CodecException} for any content of that range.
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code frame}: a bug in
     *     the caller, kept apart from bad input so it is never blamed on a peer
     */
    public Message decode(byte[] frame, int offset, int length) throws CodecException {
        Objects.checkFromIndexSize(offset, length, frame.length);
        if (length > limits.maxFrameBytes()) {
            throw new CodecException(Kind.OVERSIZED, "frame of " + length + " bytes exceeds limit "
                    + limits.maxFrameBytes());
        }
        WireReader in = new WireReader(frame, offset, length);
        int version = in.u8("version");
        if (version != VERSION) {
            throw new CodecException(Kind.UNSUPPORTED_VERSION, "frame version " + version + ", this build reads "
                    + VERSION);
        }
        int tag = in.u8("type tag");
        MessageType type = MessageType.fromTag(tag);
        if (type == null) {
            throw new CodecException(Kind.UNKNOWN_TYPE, "type tag " + tag);
        }
        Message m;
        try {
            m = switch (type) {
                case REQUEST -> readRequest(in);
                case REPLY -> readReply(in);
                case PROPOSE -> readPropose(in);
                case PREPARE -> readPrepare(in);
                case COMMIT -> readCommit(in);
                case VIEW_STATE -> readViewState(in, true);
                case NEW_VIEW -> readNewView(in);
                case DECIDED -> readDecided(in);
                case DECISION_QUERY -> readDecisionQuery(in);
                case REJOIN_REQUEST -> readRejoinRequest(in);
                case STATUS_QUERY -> readStatusQuery(in);
                case STATUS_REPORT -> readStatusReport(in);
                case CHECKPOINT -> readCheckpoint(in);
                case MANIFEST_REQUEST -> new ManifestRequest(in.nonNegative("manifest request slot"));
                case SNAPSHOT_MANIFEST -> readManifest(in);
                case CHUNK_REQUEST -> new ChunkRequest(in.nonNegative("chunk request slot"),
                        in.i32In("chunk request index", 0, Integer.MAX_VALUE));
                case SNAPSHOT_CHUNK -> readChunk(in);
                case EPOCH_CHANGE -> EpochChange.readFrom(in, limits);
                case KEY_QUERY -> new KeyQuery(in.i64("key query nonce"));
                case KEY_REPORT -> readKeyReport(in);
            };
        } catch (IllegalArgumentException e) {
            // A record constructor refused a value these checks let through. Unreachable
            // while the checks cover the records' own; kept so that a record which later
            // tightens its validation cannot make decode throw anything but CodecException.
            throw invalid(type + ": " + e.getMessage());
        }
        in.expectEnd(type.toString());
        return m;
    }

    /** Body size in bytes; a long so that absurd inputs cannot overflow past the frame check. */
    private static long bodySize(Message m) {
        return switch (m.type()) {
            case REQUEST -> 8 + 8 + 1 + 4L + ((Request) m).payload().length;
            case REPLY -> 2 + 8 + 8 + 8 + 8 + 1 + 4L + ((Reply) m).result().length;
            case PROPOSE -> 8 + 4 + batchSize(((Propose) m).batch()) + 2L + ((Propose) m).signature().length;
            case PREPARE, COMMIT -> 8 + 4 + Digest.LENGTH;
            case VIEW_STATE -> viewStateSize((ViewState) m);
            case NEW_VIEW -> newViewSize((NewView) m);
            case DECIDED -> 8 + batchSize(((Decided) m).batch());
            case DECISION_QUERY -> 8;
            case REJOIN_REQUEST -> 2 + 8 + 2L + ((RejoinRequest) m).signature().length;
            case STATUS_QUERY -> 8 + 1;
            case STATUS_REPORT -> 2 + 8 + 8 + 8 + 8 + Digest.LENGTH + 4 + 2L * ((StatusReport) m).suspended().size() + 56;
            case CHECKPOINT -> 8 + 2 + Digest.LENGTH + 2L + ((Checkpoint) m).signature().length;
            case MANIFEST_REQUEST -> 8;
            case SNAPSHOT_MANIFEST -> 8 + 8 + 4 + 4 + (long) Digest.LENGTH * ((SnapshotManifest) m).chunkCount();
            case CHUNK_REQUEST -> 8 + 4;
            case SNAPSHOT_CHUNK -> 8 + 4 + 4L + ((SnapshotChunk) m).data().length;
            case EPOCH_CHANGE -> ((EpochChange) m).encodedSize();
            case KEY_QUERY -> 8;
            case KEY_REPORT -> 2 + 8 + 8 + 2 + (long) KEY_ENTRY_BYTES * ((KeyReport) m).keys().size();
        };
    }

    private static long batchSize(Batch b) {
        return 4L + b.encoded().length;
    }

    private static long viewStateSize(ViewState s) {
        return VIEW_STATE_MIN_BYTES - SIGNATURE_FIELD_BYTES + 2L + s.signature().length
                + (long) WRITE_ENTRY_BYTES * s.writeSet().size() + (s.valBatch() == null ? 0 : batchSize(s.valBatch()));
    }

    private static long newViewSize(NewView v) {
        long size = 8 + 4 + 4 + batchSize(v.batch());
        for (ViewState s : v.states()) {
            size += viewStateSize(s);
        }
        return size;
    }

    // Request: i64 clientId | i64 seq | u8 flags (bit 0: read-only) | bytes payload.
    // The same layout as a request inside a batch, where the flags must be 0.

    private WireWriter writeRequest(WireWriter w, Request r) {
        return w.i64(r.clientId()).i64(r.seq()).u8(r.readOnly() ? READ_ONLY : 0)
                .bytes(atMost(r.payload(), limits.maxPayloadBytes(), "request payload"));
    }

    private Request readRequest(WireReader in) throws CodecException {
        long clientId = in.nonNegative("client id");
        long seq = in.nonNegative("request seq");
        int flags = in.u8("request flags");
        if ((flags & ~READ_ONLY) != 0) {
            throw invalid("request flags " + flags + " set bits other than read-only");
        }
        return new Request(clientId, seq, flags == READ_ONLY, in.bytes("request payload", limits.maxPayloadBytes()));
    }

    // Reply: u16 replicaId | i64 clientId | i64 seq | i64 epoch | i64 slot | u8 status
    //        | bytes result

    private WireWriter writeReply(WireWriter w, Reply r) {
        return w.u16(replica(r.replicaId(), "reply replica")).i64(nonNegative(r.clientId(), "reply client id"))
                .i64(nonNegative(r.seq(), "reply seq")).i64(nonNegative(r.epoch(), "reply epoch"))
                .i64(nonNegative(r.slot(), "reply slot")).u8(r.status().code())
                .bytes(atMost(r.result(), limits.maxPayloadBytes(), "reply result"));
    }

    private Reply readReply(WireReader in) throws CodecException {
        int replicaId = readReplica(in, "reply replica");
        long clientId = in.nonNegative("reply client id");
        long seq = in.nonNegative("reply seq");
        long epoch = in.nonNegative("reply epoch");
        long slot = in.nonNegative("reply slot");
        int code = in.u8("reply status");
        ReplyStatus status = ReplyStatus.fromCode(code);
        if (status == null) {
            throw invalid("reply status " + code);
        }
        return new Reply(replicaId, clientId, seq, epoch, slot, status, in.bytes("reply result", limits.maxPayloadBytes()));
    }

    // Propose: i64 slot | i32 view | batch | signature

    private WireWriter writePropose(WireWriter w, Propose p) {
        w.i64(nonNegative(p.slot(), "propose slot")).i32(nonNegative(p.view(), "propose view"));
        writeBatch(w, p.batch());
        return writeSignature(w, p.signature(), "propose signature");
    }

    private Propose readPropose(WireReader in) throws CodecException {
        long slot = in.nonNegative("propose slot");
        int view = readView(in, "propose view");
        Batch batch = readBatch(in);
        return new Propose(slot, view, batch, readSignature(in, "propose signature"));
    }

    // Prepare: i64 slot | i32 view | digest (32 bytes)

    private static WireWriter writePrepare(WireWriter w, Prepare p) {
        return w.i64(nonNegative(p.slot(), "prepare slot")).i32(nonNegative(p.view(), "prepare view")).digest(p.digest());
    }

    private static Prepare readPrepare(WireReader in) throws CodecException {
        return new Prepare(in.nonNegative("prepare slot"), readView(in, "prepare view"), in.digest("prepare digest"));
    }

    // Commit: i64 slot | i32 view | digest (32 bytes)

    private static WireWriter writeCommit(WireWriter w, Commit c) {
        return w.i64(nonNegative(c.slot(), "commit slot")).i32(nonNegative(c.view(), "commit view")).digest(c.digest());
    }

    private static Commit readCommit(WireReader in) throws CodecException {
        return new Commit(in.nonNegative("commit slot"), readView(in, "commit view"), in.digest("commit digest"));
    }

    // ViewState: i64 slot | i32 view | u16 replicaId | i32 valTs | digest valDigest
    //            | u32 n (<= maxWriteSet) | n x (i32 ts | digest) | u8 hasBatch | [batch]
    //            | signature
    // Inside a NewView, hasBatch must be 0: the NewView carries the one batch it binds.

    private WireWriter writeViewState(WireWriter w, ViewState s, boolean batchAllowed) {
        w.i64(nonNegative(s.slot(), "view state slot")).i32(nonNegative(s.view(), "view state view"))
                .u16(replica(s.replicaId(), "view state replica")).i32(nonNegative(s.valTs(), "view state valTs"))
                .digest(s.valDigest())
                .i32(count(s.writeSet().size(), limits.maxWriteSet(), "view state write set"));
        for (WriteEntry e : s.writeSet()) {
            w.i32(nonNegative(e.ts(), "write entry ts")).digest(e.digest());
        }
        boolean hasBatch = s.valBatch() != null;
        if (hasBatch && !batchAllowed) {
            throw new IllegalArgumentException("a view state inside a NewView carries no batch: " + s);
        }
        w.bool(hasBatch);
        if (hasBatch) {
            writeBatch(w, s.valBatch());
        }
        return writeSignature(w, s.signature(), "view state signature");
    }

    private ViewState readViewState(WireReader in, boolean batchAllowed) throws CodecException {
        long slot = in.nonNegative("view state slot");
        int view = readView(in, "view state view");
        int replicaId = readReplica(in, "view state replica");
        int valTs = readView(in, "view state valTs");
        Digest valDigest = in.digest("view state valDigest");
        WriteEntry[] writeSet = new WriteEntry[in.count("view state write set", limits.maxWriteSet(), WRITE_ENTRY_BYTES)];
        for (int i = 0; i < writeSet.length; i++) {
            writeSet[i] = new WriteEntry(readView(in, "write entry ts"), in.digest("write entry digest"));
        }
        Batch valBatch = null;
        if (in.bool("view state hasBatch")) {
            if (!batchAllowed) {
                throw invalid("a view state inside a NewView carries a batch");
            }
            valBatch = readBatch(in);
        }
        byte[] signature = readSignature(in, "view state signature");
        return new ViewState(slot, view, replicaId, valTs, valDigest, List.of(writeSet), valBatch, signature);
    }

    // NewView: i64 slot | i32 view | u32 n (<= maxReplicas) | n x ViewState body with
    //          hasBatch = 0 | batch

    private WireWriter writeNewView(WireWriter w, NewView v) {
        w.i64(nonNegative(v.slot(), "new view slot")).i32(nonNegative(v.view(), "new view view"))
                .i32(count(v.states().size(), limits.maxReplicas(), "new view states"));
        for (ViewState s : v.states()) {
            writeViewState(w, s, false);
        }
        return writeBatch(w, v.batch());
    }

    private NewView readNewView(WireReader in) throws CodecException {
        long slot = in.nonNegative("new view slot");
        int view = readView(in, "new view view");
        ViewState[] states = new ViewState[in.count("new view states", limits.maxReplicas(), VIEW_STATE_MIN_BYTES)];
        for (int i = 0; i < states.length; i++) {
            states[i] = readViewState(in, false);
        }
        return new NewView(slot, view, List.of(states), readBatch(in));
    }

    // Decided: i64 slot | batch

    private WireWriter writeDecided(WireWriter w, Decided d) {
        return writeBatch(w.i64(nonNegative(d.slot(), "decided slot")), d.batch());
    }

    private Decided readDecided(WireReader in) throws CodecException {
        long slot = in.nonNegative("decided slot");
        return new Decided(slot, readBatch(in));
    }

    // DecisionQuery: i64 fromSlot

    private static WireWriter writeDecisionQuery(WireWriter w, DecisionQuery q) {
        return w.i64(nonNegative(q.fromSlot(), "decision query fromSlot"));
    }

    private static DecisionQuery readDecisionQuery(WireReader in) throws CodecException {
        return new DecisionQuery(in.nonNegative("decision query fromSlot"));
    }

    // RejoinRequest: u16 replicaId | i64 suspendedAt | signature.
    // The same layout as a rejoin inside a batch.

    private WireWriter writeRejoinRequest(WireWriter w, RejoinRequest j) {
        w.u16(replica(j.replicaId(), "rejoin replica")).i64(nonNegative(j.suspendedAt(), "rejoin suspendedAt"));
        return writeSignature(w, j.signature(), "rejoin signature");
    }

    private RejoinRequest readRejoinRequest(WireReader in) throws CodecException {
        int replicaId = readReplica(in, "rejoin replica");
        long suspendedAt = in.nonNegative("rejoin suspendedAt");
        return new RejoinRequest(replicaId, suspendedAt, readSignature(in, "rejoin signature"));
    }

    // StatusQuery: i64 nonce (any value) | u8 includeStateDigest (0 or 1)

    private static WireWriter writeStatusQuery(WireWriter w, StatusQuery q) {
        return w.i64(q.nonce()).bool(q.includeStateDigest());
    }

    private static StatusQuery readStatusQuery(WireReader in) throws CodecException {
        return new StatusQuery(in.i64("status nonce"), in.bool("status includeStateDigest"));
    }

    // StatusReport: u16 replicaId | i64 nonce (any value) | i64 epoch | i64 lastDecided
    //               | i64 lastExecuted | digest stateDigest | u32 n (<= maxReplicas)
    //               | n x u16 suspended replica | i64 viewChanges | i64 stableCheckpoint | i64 evidence
    //               | i64 requestsExecuted | i64 stateTransfers | i64 stateBytes
    //               | i64 lastStateTransferMillis

    private WireWriter writeStatusReport(WireWriter w, StatusReport r) {
        w.u16(replica(r.replicaId(), "status replica")).i64(r.nonce()).i64(nonNegative(r.epoch(), "status epoch"))
                .i64(nonNegative(r.lastDecided(), "status lastDecided"))
                .i64(nonNegative(r.lastExecuted(), "status lastExecuted")).digest(r.stateDigest())
                .i32(count(r.suspended().size(), limits.maxReplicas(), "status suspended"));
        for (int id : r.suspended()) {
            w.u16(replica(id, "suspended replica"));
        }
        return w.i64(nonNegative(r.viewChanges(), "status viewChanges"))
                .i64(nonNegative(r.stableCheckpoint(), "status stableCheckpoint"))
                .i64(nonNegative(r.evidence(), "status evidence"))
                .i64(nonNegative(r.requestsExecuted(), "status requestsExecuted"))
                .i64(nonNegative(r.stateTransfers(), "status stateTransfers"))
                .i64(nonNegative(r.stateBytes(), "status stateBytes"))
                .i64(nonNegative(r.lastStateTransferMillis(), "status lastStateTransferMillis"));
    }

    private StatusReport readStatusReport(WireReader in) throws CodecException {
        int replicaId = readReplica(in, "status replica");
        long nonce = in.i64("status nonce");
        long epoch = in.nonNegative("status epoch");
        long lastDecided = in.nonNegative("status lastDecided");
        long lastExecuted = in.nonNegative("status lastExecuted");
        Digest stateDigest = in.digest("status stateDigest");
        Integer[] suspended = new Integer[in.count("status suspended", limits.maxReplicas(), 2)];
        for (int i = 0; i < suspended.length; i++) {
            suspended[i] = readReplica(in, "suspended replica");
        }
        return new StatusReport(replicaId, nonce, epoch, lastDecided, lastExecuted, stateDigest, List.of(suspended),
                in.nonNegative("status viewChanges"), in.nonNegative("status stableCheckpoint"),
                in.nonNegative("status evidence"), in.nonNegative("status requestsExecuted"),
                in.nonNegative("status stateTransfers"), in.nonNegative("status stateBytes"),
                in.nonNegative("status lastStateTransferMillis"));
    }

    // KeyReport: u16 replicaId | i64 nonce (any value) | i64 epoch | u16 n (1..maxReplicas)
    //            | n x (i64 incarnation | 32 raw Ed25519 public key), entry i for replica i

    private static final int KEY_ENTRY_BYTES = 8 + Ed25519.PUBLIC_KEY_BYTES;

    private WireWriter writeKeyReport(WireWriter w, KeyReport r) {
        int n = r.keys().size();
        w.u16(replica(r.replicaId(), "key report replica")).i64(r.nonce())
                .i64(nonNegative(r.epoch(), "key report epoch")).u16(count(n, replicaBound, "key report"));
        for (KeyReport.CurrentKey k : r.keys()) {
            byte[] key = k.publicKey();
            w.i64(k.incarnation()).raw(key, 0, key.length);
        }
        return w;
    }

    private KeyReport readKeyReport(WireReader in) throws CodecException {
        int replicaId = readReplica(in, "key report replica");
        long nonce = in.i64("key report nonce");
        long epoch = in.nonNegative("key report epoch");
        int n = in.u16("key report replicas");
        if (n < 1 || n > limits.maxReplicas()) {
            throw invalid("key report of " + n + " replicas, not 1.." + limits.maxReplicas());
        }
        List<KeyReport.CurrentKey> keys = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(new KeyReport.CurrentKey(in.nonNegative("key report incarnation"),
                    in.fixed("key report key", Ed25519.PUBLIC_KEY_BYTES)));
        }
        return new KeyReport(replicaId, nonce, epoch, keys);
    }

    // Checkpoint: i64 slot | u16 replicaId | digest | signature

    private WireWriter writeCheckpoint(WireWriter w, Checkpoint c) {
        w.i64(nonNegative(c.slot(), "checkpoint slot")).u16(replica(c.replicaId(), "checkpoint replica"))
                .digest(c.digest());
        return writeSignature(w, c.signature(), "checkpoint signature");
    }

    private Checkpoint readCheckpoint(WireReader in) throws CodecException {
        long slot = in.nonNegative("checkpoint slot");
        int replicaId = readReplica(in, "checkpoint replica");
        Digest digest = in.digest("checkpoint digest");
        return new Checkpoint(slot, replicaId, digest, readSignature(in, "checkpoint signature"));
    }

    // SnapshotManifest: i64 slot | i64 totalBytes | i32 chunkBytes (1..maxChunkBytes)
    //                   | u32 n | n x digest, where n = max(1, ceil(totalBytes / chunkBytes))

    private WireWriter writeManifest(WireWriter w, SnapshotManifest m) {
        if (m.chunkBytes() > maxChunkBytes()) {
            throw new IllegalArgumentException("manifest chunk size " + m.chunkBytes() + " exceeds limit "
                    + maxChunkBytes());
        }
        w.i64(m.slot()).i64(m.totalBytes()).i32(m.chunkBytes()).i32(m.chunkCount());
        for (Digest d : m.chunkDigests()) {
            w.digest(d);
        }
        return w;
    }

    private SnapshotManifest readManifest(WireReader in) throws CodecException {
        long slot = in.nonNegative("manifest slot");
        long totalBytes = in.nonNegative("manifest totalBytes");
        int chunkBytes = in.i32In("manifest chunkBytes", 1, maxChunkBytes());
        Digest[] digests = new Digest[in.count("manifest chunks", Integer.MAX_VALUE, Digest.LENGTH)];
        if (digests.length != SnapshotManifest.chunkCount(totalBytes, chunkBytes)) {
            throw invalid("manifest of " + totalBytes + " bytes in chunks of " + chunkBytes + " lists "
                    + digests.length + " chunks");
        }
        for (int i = 0; i < digests.length; i++) {
            digests[i] = in.digest("manifest chunk digest");
        }
        return new SnapshotManifest(slot, totalBytes, chunkBytes, List.of(digests));
    }

    // ChunkRequest: i64 slot | i32 index (>= 0)

    private static WireWriter writeChunkRequest(WireWriter w, ChunkRequest r) {
        return w.i64(nonNegative(r.slot(), "chunk request slot")).i32(nonNegative(r.index(), "chunk request index"));
    }

    // SnapshotChunk: i64 slot | i32 index (>= 0) | bytes data (<= maxChunkBytes)

    private WireWriter writeChunk(WireWriter w, SnapshotChunk c) {
        return w.i64(nonNegative(c.slot(), "chunk slot")).i32(nonNegative(c.index(), "chunk index"))
                .bytes(atMost(c.data(), maxChunkBytes(), "snapshot chunk"));
    }

    private SnapshotChunk readChunk(WireReader in) throws CodecException {
        long slot = in.nonNegative("chunk slot");
        int index = in.i32In("chunk index", 0, Integer.MAX_VALUE);
        return new SnapshotChunk(slot, index, in.bytes("snapshot chunk", maxChunkBytes()));
    }

    // Shared elements. A batch is its own canonical encoding (Batch.encoded) as a byte
    // string; it is kept as is, never re-encoded, so its digest survives forwarding.

    private WireWriter writeBatch(WireWriter w, Batch b) {
        // The batch was built or decoded elsewhere, perhaps under other limits; a peer
        // with ours would refuse the whole frame for any of these.
        atMost(b.encoded(), limits.maxBatchBytes(), "batch");
        count(b.requests().size(), limits.maxBatchRequests(), "batch requests");
        count(b.rejoins().size(), limits.maxReplicas(), "batch rejoins");
        replica(b.proposer(), "batch proposer");
        for (Request r : b.requests()) {
            atMost(r.payload(), limits.maxPayloadBytes(), "request payload");
        }
        for (RejoinRequest j : b.rejoins()) {
            replica(j.replicaId(), "rejoin replica");
        }
        return w.bytes(b.encoded());
    }

    private Batch readBatch(WireReader in) throws CodecException {
        return Batch.decode(in.bytes("batch", limits.maxBatchBytes()), limits);
    }

    private static WireWriter writeSignature(WireWriter w, byte[] signature, String what) {
        if (signature.length != CodecLimits.SIGNATURE_BYTES) {
            throw new IllegalArgumentException(what + " has " + signature.length + " bytes, not "
                    + CodecLimits.SIGNATURE_BYTES);
        }
        return w.u16(signature.length).raw(signature, 0, signature.length);
    }

    private static byte[] readSignature(WireReader in, String what) throws CodecException {
        int length = in.u16(what + " length");
        if (length != CodecLimits.SIGNATURE_BYTES) {
            throw invalid(what + " length " + length + ", not " + CodecLimits.SIGNATURE_BYTES);
        }
        return in.fixed(what, length);
    }

    private int readReplica(WireReader in, String what) throws CodecException {
        int id = in.u16(what);
        if (id >= replicaBound) {
            throw invalid(what + " " + id + " is not below maxReplicas " + limits.maxReplicas());
        }
        return id;
    }

    private static int readView(WireReader in, String what) throws CodecException {
        return in.i32In(what, 0, Integer.MAX_VALUE);
    }

    private static CodecException invalid(String message) {
        return new CodecException(Kind.INVALID_FIELD, message);
    }

    // Encoder-side checks: they pass the value through, and build a message only on failure.

    private int replica(int id, String what) {
        if (id < 0 || id >= replicaBound) {
            throw new IllegalArgumentException(what + " " + id + " is not in [0, " + replicaBound + ")");
        }
        return id;
    }

    private static long nonNegative(long v, String what) {
        if (v < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + v);
        }
        return v;
    }

    private static int nonNegative(int v, String what) {
        if (v < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + v);
        }
        return v;
    }

    private static int count(int n, int max, String what) {
        if (n > max) {
            throw new IllegalArgumentException(what + " count " + n + " exceeds limit " + max);
        }
        return n;
    }

    private static byte[] atMost(byte[] b, int max, String what) {
        if (b.length > max) {
            throw new IllegalArgumentException(what + " of " + b.length + " bytes exceeds limit " + max);
        }
        return b;
    }
}
