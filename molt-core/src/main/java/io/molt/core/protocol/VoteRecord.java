package io.molt.core.protocol;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.MessageCodec;
import io.molt.core.codec.WireReader;
import io.molt.core.codec.WireWriter;
import io.molt.core.crypto.Digest;
import io.molt.core.message.Batch;
import io.molt.core.message.Decided;
import io.molt.core.message.WriteEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * What one replica has said about one slot, as much as it must remember across a crash so
 * that it never contradicts itself: the view it moved to, the views it prepared and
 * committed in, the value a quorum prepared (with the batch, which a later view may have to
 * re-propose), its write set, the highest view it led with a new-view message, and the
 * digest of its own view-0 proposal. The core hands one to {@link Effects#persist} whenever
 * a message it is about to send depends on a change; docs/PROTOCOL.md, "Crash recovery".
 *
 * @param valBatch the batch whose digest is {@code valDigest}, or null when {@code valTs == 0}
 * @param ownProposal digest of this replica's view-0 proposal for the slot, or null
 */
public record VoteRecord(long slot, int view, int preparedView, int committedView, int valTs, Digest valDigest,
        Batch valBatch, List<WriteEntry> writeSet, int newViewSent, Digest ownProposal) {

    public VoteRecord {
        writeSet = List.copyOf(writeSet);
        if (slot < 1 || view < 0 || preparedView < -1 || committedView < -1 || valTs < 0 || newViewSent < -1) {
            throw new IllegalArgumentException("vote record out of range: slot " + slot + " view " + view
                    + " prepared " + preparedView + " committed " + committedView + " valTs " + valTs);
        }
        if ((valBatch == null) != (valTs == 0)) {
            throw new IllegalArgumentException("a vote record carries the prepared batch exactly when valTs > 0");
        }
        if (valBatch != null && (!valBatch.digest().equals(valDigest) || valBatch.slot() != slot)) {
            throw new IllegalArgumentException("the batch of a vote record does not match its digest and slot");
        }
    }

    /** Appends this record; batches use the message codec's layout. */
    public void writeTo(WireWriter w, MessageCodec codec) {
        w.i64(slot).i32(view).i32(preparedView).i32(committedView).i32(valTs).digest(valDigest);
        w.bool(valBatch != null);
        if (valBatch != null) {
            w.bytes(codec.encode(new Decided(slot, valBatch)));
        }
        w.i32(writeSet.size());
        for (WriteEntry e : writeSet) {
            w.i32(e.ts()).digest(e.digest());
        }
        w.i32(newViewSent);
        w.bool(ownProposal != null);
        if (ownProposal != null) {
            w.digest(ownProposal);
        }
    }

    /**
     * Reads a record written by {@link #writeTo}.
     *
     * @throws CodecException when the bytes are not a well-formed, consistent record
     */
    public static VoteRecord readFrom(WireReader in, MessageCodec codec, int maxBatchBytes) throws CodecException {
        long slot = in.i64("vote record slot");
        int view = in.i32("vote record view");
        int prepared = in.i32("vote record prepared view");
        int committed = in.i32("vote record committed view");
        int valTs = in.i32("vote record valTs");
        Digest valDigest = in.digest("vote record valDigest");
        Batch valBatch = null;
        if (in.bool("vote record has batch")) {
            if (!(codec.decode(in.bytes("vote record batch", maxBatchBytes)) instanceof Decided d)
                    || d.slot() != slot) {
                throw new CodecException(CodecException.Kind.INVALID_FIELD, "vote record batch is not a decided-batch frame for slot " + slot);
            }
            valBatch = d.batch();
        }
        int entries = in.count("vote record write set", ReplicaCore.MAX_WRITE_SET, 4 + Digest.LENGTH);
        List<WriteEntry> writeSet = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            writeSet.add(new WriteEntry(in.i32("write entry ts"), in.digest("write entry digest")));
        }
        int newViewSent = in.i32("vote record new view sent");
        Digest ownProposal = in.bool("vote record has own proposal") ? in.digest("vote record own proposal") : null;
        try {
            return new VoteRecord(slot, view, prepared, committed, valTs, valDigest, valBatch, writeSet, newViewSent,
                    ownProposal);
        } catch (IllegalArgumentException e) {
            throw new CodecException(CodecException.Kind.INVALID_FIELD, e.getMessage());
        }
    }
}
