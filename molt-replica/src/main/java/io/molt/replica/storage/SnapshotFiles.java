package io.molt.replica.storage;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.MessageCodec;
import io.molt.core.message.SnapshotManifest;
import io.molt.core.state.Snapshot;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checkpoint snapshots in files named {@code snapshot-<slot>.snap}: the encoded manifest
 * (length-prefixed), then the chunks. Written to a temporary file, forced, and renamed into
 * place, so a file under its final name is always complete; read back chunk by chunk
 * against the manifest, so a damaged one is refused rather than installed.
 */
final class SnapshotFiles {
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.snap");

    private final Path dir;
    private final MessageCodec codec;

    SnapshotFiles(Path dir, MessageCodec codec) {
        this.dir = dir;
        this.codec = codec;
    }

    Path fileFor(long slot) {
        return dir.resolve(String.format("snapshot-%020d.snap", slot));
    }

    /** Writes the snapshot durably; returns once the file and its name are on disk. */
    void write(Snapshot snapshot) throws IOException {
        Path target = fileFor(snapshot.slot());
        if (Files.exists(target)) {
            return;
        }
        Path temp = dir.resolve(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] manifest = codec.encode(snapshot.manifest());
            writeFully(ch, ByteBuffer.allocate(4).putInt(manifest.length).flip());
            writeFully(ch, ByteBuffer.wrap(manifest));
            for (int i = 0; i < snapshot.chunkCount(); i++) {
                writeFully(ch, ByteBuffer.wrap(snapshot.chunk(i)));
            }
            ch.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the data directory " + dir + " does not support atomic renames", e);
        }
        Journal.forceDirectory(dir);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Slots of the snapshot files present, oldest first. */
    List<Long> slots() throws IOException {
        return NumberedFiles.in(dir, NAME);
    }

    /**
     * Reads the snapshot of {@code slot}, checking every chunk against its manifest.
     *
     * @throws IOException when the file cannot be read or does not hold a consistent snapshot
     */
    Snapshot read(long slot) throws IOException {
        Path file = fileFor(slot);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            int length = in.readInt();
            if (length < 0 || length > (64 << 20)) {
                throw new IOException(file + ": manifest length " + length + " is not plausible");
            }
            byte[] header = new byte[length];
            in.readFully(header);
            if (!(codec.decode(header) instanceof SnapshotManifest manifest) || manifest.slot() != slot) {
                throw new IOException(file + ": does not start with the manifest of slot " + slot);
            }
            List<byte[]> chunks = new ArrayList<>(manifest.chunkCount());
            for (int i = 0; i < manifest.chunkCount(); i++) {
                byte[] chunk = new byte[manifest.chunkLength(i)];
                in.readFully(chunk);
                chunks.add(chunk);
            }
            if (in.read() != -1) {
                throw new IOException(file + ": bytes after the last chunk");
            }
            return Snapshot.assemble(manifest, chunks);
        } catch (CodecException | IllegalArgumentException | java.io.EOFException e) {
            throw new IOException(file + ": not a complete snapshot: " + e.getMessage(), e);
        }
    }

    /** Removes snapshot files (and leftover temporary files) older than {@code slot}. */
    void deleteOlderThan(long slot) throws IOException {
        for (long s : slots()) {
            if (s < slot) {
                Files.deleteIfExists(fileFor(s));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith("snapshot-") && name.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
