package io.molt.core.message;

import io.molt.core.codec.WireWriter;
import io.molt.core.crypto.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The table of contents of a checkpoint's snapshot: its length, its chunk size and the
 * SHA-256 of every chunk. The checkpoint digest that replicas sign is {@link #digest()}, a
 * hash over this table, so a manifest proves itself against a signed digest, and each
 * chunk then proves itself against its entry: chunks can come from different replicas, and
 * a replica that sends a wrong one is caught at that chunk.
 *
 * @param slot the last slot whose execution the snapshot includes
 * @param totalBytes the snapshot's length
 * @param chunkBytes the length of every chunk but the last
 * @param chunkDigests SHA-256 of each chunk, in order
 */
public record SnapshotManifest(long slot, long totalBytes, int chunkBytes, List<Digest> chunkDigests)
        implements Message {
    private static final byte[] TAG = "molt/checkpoint/1".getBytes(StandardCharsets.US_ASCII);

    public SnapshotManifest {
        if (slot < 0 || totalBytes < 0 || chunkBytes < 1) {
            throw new IllegalArgumentException("manifest out of range: slot " + slot + ", " + totalBytes
                    + " bytes in chunks of " + chunkBytes);
        }
        chunkDigests = List.copyOf(chunkDigests);
        if (chunkDigests.size() != chunkCount(totalBytes, chunkBytes)) {
            throw new IllegalArgumentException(totalBytes + " bytes in chunks of " + chunkBytes + " make "
                    + chunkCount(totalBytes, chunkBytes) + " chunks, not " + chunkDigests.size());
        }
    }

    /** How many chunks {@code totalBytes} make; an empty snapshot still has one (empty) chunk. */
    public static long chunkCount(long totalBytes, int chunkBytes) {
        return Math.max(1, (totalBytes + chunkBytes - 1) / chunkBytes);
    }

    /** The checkpoint digest: what replicas sign for this snapshot. */
    public Digest digest() {
        MessageDigest md = Digest.newSha256();
        md.update(TAG);
        md.update(new WireWriter(24).i64(slot).i64(totalBytes).i32(chunkBytes).i32(chunkDigests.size())
                .toByteArray());
        for (Digest d : chunkDigests) {
            md.update(d.toBytes());
        }
        return Digest.finish(md);
    }

    public int chunkCount() {
        return chunkDigests.size();
    }

    /** The length of chunk {@code index}. */
    public int chunkLength(int index) {
        long start = (long) index * chunkBytes;
        return (int) Math.min(chunkBytes, totalBytes - start);
    }

    @Override
    public MessageType type() {
        return MessageType.SNAPSHOT_MANIFEST;
    }

    @Override
    public String toString() {
        return "SnapshotManifest[slot=" + slot + " " + totalBytes + "B in " + chunkDigests.size() + " chunks]";
    }
}
