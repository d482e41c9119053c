package io.molt.core.state;

import io.molt.core.crypto.Digest;
import io.molt.core.message.SnapshotManifest;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A checkpoint's snapshot held in memory as chunks, with its manifest. Immutable once
 * built, so replicas can serve its chunks from any thread while execution goes on.
 */
public final class Snapshot {
    private final SnapshotManifest manifest;
    private final List<byte[]> chunks;
    private final Digest digest;

    private Snapshot(SnapshotManifest manifest, List<byte[]> chunks) {
        this.manifest = manifest;
        this.chunks = List.copyOf(chunks);
        this.digest = manifest.digest();
    }

    /**
     * Assembles a snapshot from chunks, checking each against the manifest.
     *
     * @throws IllegalArgumentException when a chunk is missing, has the wrong length, or does
     *     not match its digest
     */
    public static Snapshot assemble(SnapshotManifest manifest, List<byte[]> chunks) {
        if (chunks.size() != manifest.chunkCount()) {
            throw new IllegalArgumentException(chunks.size() + " chunks for a manifest of " + manifest.chunkCount());
        }
        for (int i = 0; i < chunks.size(); i++) {
            if (!matches(manifest, i, chunks.get(i))) {
                throw new IllegalArgumentException("chunk " + i + " does not match the manifest");
            }
        }
        return new Snapshot(manifest, chunks);
    }

    /** Whether {@code data} is chunk {@code index} of the snapshot {@code manifest} describes. */
    public static boolean matches(SnapshotManifest manifest, int index, byte[] data) {
        return index >= 0 && index < manifest.chunkCount() && data.length == manifest.chunkLength(index)
                && Digest.sha256(data).equals(manifest.chunkDigests().get(index));
    }

    /** Built by {@link SnapshotWriter}, which hashed the chunks as it cut them. */
    static Snapshot trusted(SnapshotManifest manifest, List<byte[]> chunks) {
        return new Snapshot(manifest, chunks);
    }

    public long slot() {
        return manifest.slot();
    }

    /** The checkpoint digest replicas sign. */
    public Digest digest() {
        return digest;
    }

    public SnapshotManifest manifest() {
        return manifest;
    }

    public int chunkCount() {
        return chunks.size();
    }

    /** Chunk {@code index}; the array is shared, callers must not modify it. */
    public byte[] chunk(int index) {
        return chunks.get(index);
    }

    public long totalBytes() {
        return manifest.totalBytes();
    }

    /** The whole snapshot as one stream, chunk after chunk. */
    public InputStream open() {
        List<InputStream> parts = new ArrayList<>(chunks.size());
        for (byte[] c : chunks) {
            parts.add(new java.io.ByteArrayInputStream(c));
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    @Override
    public String toString() {
        return "Snapshot[slot=" + slot() + " " + totalBytes() + "B " + digest.shortHex() + "]";
    }
}
