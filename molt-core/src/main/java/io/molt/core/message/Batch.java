package io.molt.core.message;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.CodecException.Kind;
import io.molt.core.codec.CodecLimits;
import io.molt.core.codec.WireReader;
import io.molt.core.codec.WireWriter;
import io.molt.core.crypto.Digest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The value agreed on for one slot: requests and control entries, plus a header that
 * binds the batch to its slot, to the view it was first proposed in, and to its proposer.
 *
 * <p>A batch keeps the exact bytes it was built from or decoded from, so its digest is
 * computed once over the canonical encoding and the batch is forwarded without being
 * re-encoded.
 */
public final class Batch {
    /** Version of the batch encoding, hashed with it. Format 1 had no epoch changes. */
    public static final int FORMAT = 2;
    private static final int FORMAT_WITHOUT_EPOCH_CHANGES = 1;

    private final long slot;
    private final int view;
    private final int proposer;
    private final List<Request> requests;
    private final List<RejoinRequest> rejoins;
    private final List<EpochChange> epochChanges;
    private final byte[] encoded;
    private Digest digest;

    private Batch(long slot, int view, int proposer, List<Request> requests, List<RejoinRequest> rejoins,
            List<EpochChange> epochChanges, byte[] encoded) {
        this.slot = slot;
        this.view = view;
        this.proposer = proposer;
        this.requests = requests;
        this.rejoins = rejoins;
        this.epochChanges = epochChanges;
        this.encoded = encoded;
    }

    /**
     * Builds and encodes a batch.
     *
     * @throws IllegalArgumentException when a value has no encoding that {@link #decode}
     *     accepts: a negative slot or view, a proposer or rejoining replica id outside u16,
     *     more than 65535 rejoins, a negative {@code suspendedAt}, a signature that is not
     *     {@value CodecLimits#SIGNATURE_BYTES} bytes, or a read-only request. Checked here
     *     because the encoding, not the object, is what gets hashed: a proposer id silently
     *     truncated to 16 bits would give the batch a digest naming another replica.
     */
    public static Batch create(long slot, int view, int proposer, List<Request> requests,
            List<RejoinRequest> rejoins) {
        return create(slot, view, proposer, requests, rejoins, List.of());
    }

    /** Builds and encodes a batch that also carries controller-signed epoch changes. */
    public static Batch create(long slot, int view, int proposer, List<Request> requests,
            List<RejoinRequest> rejoins, List<EpochChange> epochChanges) {
        if (slot < 0 || view < 0 || proposer < 0 || proposer > 0xffff || rejoins.size() > 0xffff
                || epochChanges.size() > 0xffff) {
            throw new IllegalArgumentException("batch header out of range: slot " + slot + ", view " + view
                    + ", proposer " + proposer + ", " + rejoins.size() + " rejoins");
        }
        int size = 1 + 8 + 4 + 2 + 4 + 2;
        for (Request r : requests) {
            size += r.encodedSize();
        }
        size += rejoins.size() * (2 + 8 + 2 + CodecLimits.SIGNATURE_BYTES) + 2;
        for (EpochChange e : epochChanges) {
            size += e.encodedSize();
        }
        WireWriter w = new WireWriter(size);
        w.u8(FORMAT).i64(slot).i32(view).u16(proposer).i32(requests.size());
        for (Request r : requests) {
            if (r.readOnly()) {
                throw new IllegalArgumentException("read-only requests are never ordered: " + r);
            }
            w.i64(r.clientId()).i64(r.seq()).u8(0).bytes(r.payload());
        }
        w.u16(rejoins.size());
        for (RejoinRequest j : rejoins) {
            if (j.replicaId() < 0 || j.replicaId() > 0xffff || j.suspendedAt() < 0
                    || j.signature().length != CodecLimits.SIGNATURE_BYTES) {
                throw new IllegalArgumentException("rejoin out of range: " + j + " with a "
                        + j.signature().length + "-byte signature");
            }
            w.u16(j.replicaId()).i64(j.suspendedAt()).u16(j.signature().length).raw(j.signature(), 0, j.signature().length);
        }
        w.u16(epochChanges.size());
        for (EpochChange e : epochChanges) {
            e.writeTo(w);
        }
        return new Batch(slot, view, proposer, List.copyOf(requests), List.copyOf(rejoins),
                List.copyOf(epochChanges), w.toByteArray());
    }

    /** An empty batch: fills a slot when its proposer has nothing to order. */
    public static Batch empty(long slot, int view, int proposer) {
        return create(slot, view, proposer, List.of(), List.of());
    }

    /** Decodes a batch, keeping {@code bytes} as its canonical encoding. */
    public static Batch decode(byte[] bytes, CodecLimits limits) throws CodecException {
        if (bytes.length > limits.maxBatchBytes()) {
            throw new CodecException(Kind.OVERSIZED, "batch of " + bytes.length + " bytes exceeds limit "
                    + limits.maxBatchBytes());
        }
        WireReader in = new WireReader(bytes);
        int format = in.u8("batch format");
        if (format != FORMAT && format != FORMAT_WITHOUT_EPOCH_CHANGES) {
            throw new CodecException(Kind.UNSUPPORTED_VERSION, "batch format " + format);
        }
        long slot = in.nonNegative("batch slot");
        int view = in.i32In("batch view", 0, Integer.MAX_VALUE);
        int proposer = in.u16("batch proposer");
        if (proposer >= limits.maxReplicas()) {
            throw new CodecException(Kind.INVALID_FIELD, "batch proposer " + proposer + " out of range");
        }
        int count = in.count("batch requests", limits.maxBatchRequests());
        List<Request> requests = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            long clientId = in.nonNegative("client id");
            long seq = in.nonNegative("request seq");
            int flags = in.u8("request flags");
            if (flags != 0) {
                throw new CodecException(Kind.INVALID_FIELD, "ordered request flags must be 0, were " + flags);
            }
            requests.add(new Request(clientId, seq, false, in.bytes("request payload", limits.maxPayloadBytes())));
        }
        int rejoinCount = in.u16("batch rejoins");
        if (rejoinCount > limits.maxReplicas()) {
            throw new CodecException(Kind.OVERSIZED, "batch rejoin count " + rejoinCount + " exceeds limit "
                    + limits.maxReplicas());
        }
        List<RejoinRequest> rejoins = new ArrayList<>(rejoinCount);
        for (int i = 0; i < rejoinCount; i++) {
            int replica = in.u16("rejoin replica");
            if (replica >= limits.maxReplicas()) {
                throw new CodecException(Kind.INVALID_FIELD, "rejoin replica " + replica + " out of range");
            }
            long suspendedAt = in.nonNegative("rejoin suspendedAt");
            int sigLen = in.u16("rejoin signature length");
            if (sigLen != CodecLimits.SIGNATURE_BYTES) {
                throw new CodecException(Kind.INVALID_FIELD, "rejoin signature length " + sigLen);
            }
            rejoins.add(new RejoinRequest(replica, suspendedAt, in.fixed("rejoin signature", sigLen)));
        }
        List<EpochChange> epochChanges = List.of();
        if (format == FORMAT) {
            int changes = in.u16("batch epoch changes");
            if (changes > limits.maxReplicas()) {
                throw new CodecException(Kind.OVERSIZED, "batch epoch change count " + changes + " exceeds limit "
                        + limits.maxReplicas());
            }
            epochChanges = new ArrayList<>(changes);
            for (int i = 0; i < changes; i++) {
                epochChanges.add(EpochChange.readFrom(in, limits));
            }
        }
        in.expectEnd("batch");
        return new Batch(slot, view, proposer, Collections.unmodifiableList(requests),
                Collections.unmodifiableList(rejoins), Collections.unmodifiableList(epochChanges), bytes);
    }

    public long slot() {
        return slot;
    }

    /** The view in which this batch was first proposed. */
    public int view() {
        return view;
    }

    public int proposer() {
        return proposer;
    }

    public List<Request> requests() {
        return requests;
    }

    public List<RejoinRequest> rejoins() {
        return rejoins;
    }

    /** Controller-signed epoch changes, checked only when the batch is executed. */
    public List<EpochChange> epochChanges() {
        return epochChanges;
    }

    public boolean isEmpty() {
        return requests.isEmpty() && rejoins.isEmpty() && epochChanges.isEmpty();
    }

    /** The canonical encoding. Callers must not modify it. */
    public byte[] encoded() {
        return encoded;
    }

    /** SHA-256 of the canonical encoding, computed once. */
    public Digest digest() {
        Digest d = digest;
        if (d == null) {
            d = Digest.sha256(encoded);
            digest = d;
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Batch b && digest().equals(b.digest());
    }

    @Override
    public int hashCode() {
        return digest().hashCode();
    }

    @Override
    public String toString() {
        return "Batch[s" + slot + " v" + view + " p" + proposer + " " + requests.size() + " req"
                + (rejoins.isEmpty() ? "" : " " + rejoins.size() + " rejoin")
                + (epochChanges.isEmpty() ? "" : " " + epochChanges) + " " + digest() + "]";
    }
}
