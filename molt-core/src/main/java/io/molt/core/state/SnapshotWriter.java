package io.molt.core.state;

import io.molt.core.crypto.Digest;
import io.molt.core.message.SnapshotManifest;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An output stream that cuts what is written into fixed-size chunks and hashes each one as
 * it fills, so a snapshot is chunked and digested in the one pass that writes it.
 */
public final class SnapshotWriter extends OutputStream {
    private final int chunkBytes;
    private final List<byte[]> chunks = new ArrayList<>();
    private final List<Digest> digests = new ArrayList<>();
    private byte[] current;
    private int fill;
    private long total;
    private boolean finished;

    public SnapshotWriter(int chunkBytes) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
    }

    @Override
    public void write(int b) {
        ensureRoom();
        current[fill++] = (byte) b;
        total++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            ensureRoom();
            int n = Math.min(len, chunkBytes - fill);
            System.arraycopy(b, off, current, fill, n);
            fill += n;
            off += n;
            len -= n;
            total += n;
        }
    }

    private void ensureRoom() {
        if (finished) {
            throw new IllegalStateException("snapshot already finished");
        }
        if (current == null) {
            current = new byte[chunkBytes];
            fill = 0;
        } else if (fill == chunkBytes) {
            seal();
            current = new byte[chunkBytes];
            fill = 0;
        }
    }

    private void seal() {
        byte[] chunk = fill == current.length ? current : java.util.Arrays.copyOf(current, fill);
        chunks.add(chunk);
        digests.add(Digest.sha256(chunk));
    }

    /** Ends the snapshot, which covers execution up to {@code slot}. */
    public Snapshot finish(long slot) {
        if (finished) {
            throw new IllegalStateException("snapshot already finished");
        }
        finished = true;
        if (current == null) {
            current = new byte[0];
        }
        seal();
        current = null;
        return Snapshot.trusted(new SnapshotManifest(slot, total, chunkBytes, digests), chunks);
    }
}
