package io.molt.core.codec;

import io.molt.core.crypto.Digest;
import io.molt.core.message.WriteEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The exact bytes each kind of signature covers. Each starts with its own domain tag, so
 * a signature made for one purpose can never be passed off as one for another.
 */
public final class SignedContent {
    private static final byte[] VIEW_STATE_TAG = "molt/view-state/1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REJOIN_TAG = "molt/rejoin/1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROPOSAL_TAG = "molt/proposal/1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECKPOINT_TAG = "molt/checkpoint-vote/1".getBytes(StandardCharsets.US_ASCII);

    private SignedContent() {}

    public static byte[] viewState(long slot, int view, int replicaId, int valTs, Digest valDigest,
            List<WriteEntry> writeSet) {
        WireWriter w = new WireWriter(VIEW_STATE_TAG.length + 64 + writeSet.size() * 36);
        w.raw(VIEW_STATE_TAG, 0, VIEW_STATE_TAG.length)
                .i64(slot).i32(view).u16(replicaId).i32(valTs).digest(valDigest).i32(writeSet.size());
        for (WriteEntry e : writeSet) {
            w.i32(e.ts()).digest(e.digest());
        }
        return w.toByteArray();
    }

    public static byte[] rejoin(int replicaId, long suspendedAt) {
        WireWriter w = new WireWriter(REJOIN_TAG.length + 10);
        w.raw(REJOIN_TAG, 0, REJOIN_TAG.length).u16(replicaId).i64(suspendedAt);
        return w.toByteArray();
    }

    public static byte[] checkpoint(long slot, int replicaId, Digest digest) {
        WireWriter w = new WireWriter(CHECKPOINT_TAG.length + 8 + 2 + Digest.LENGTH);
        w.raw(CHECKPOINT_TAG, 0, CHECKPOINT_TAG.length).i64(slot).u16(replicaId).digest(digest);
        return w.toByteArray();
    }

    public static byte[] proposal(long slot, int view, int proposer, Digest batchDigest) {
        WireWriter w = new WireWriter(PROPOSAL_TAG.length + 8 + 4 + 2 + Digest.LENGTH);
        w.raw(PROPOSAL_TAG, 0, PROPOSAL_TAG.length).i64(slot).i32(view).u16(proposer).digest(batchDigest);
        return w.toByteArray();
    }
}
