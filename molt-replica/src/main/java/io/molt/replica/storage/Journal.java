package io.molt.replica.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * An append-only log of records in segment files {@code journal-<n>.log}. Each record is
 * {@code u32 length | u32 CRC32C | u8 type | payload}. Appends collect in memory; {@link
 * #sync} writes them and forces the file once, so one fsync covers every record of a round.
 * A crash can tear only what was not yet synced: a reader stops at the first record whose
 * length or checksum does not hold and ignores the rest of that segment. Every process
 * start begins a new segment, so a torn tail is never appended to. A zero length also ends
 * a segment: after a crash a file system may show a tail of zeros where the data of an
 * unsynced write never arrived. (Filling segments with zeros ahead of the writes made each
 * sync a third cheaper in isolation, but the fill itself stalled the protocol thread long
 * enough to cause view changes; not done.)
 */
final class Journal implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("journal-(\\d{20})\\.log");
    static final int HEADER_BYTES = 9;

    /** One record read back. */
    record Entry(long segment, int type, byte[] payload) {}

    /** What a segment holds, as far as compaction cares: the highest decided slot in it. */
    private final TreeMap<Long, Long> highestDecidedBySegment = new TreeMap<>();
    private final Path dir;
    private final int maxRecordBytes;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer pending = ByteBuffer.allocate(1 << 16);
    private FileChannel current;
    private long currentSegment = -1;
    private long syncs;
    private long syncNanos;
    private long bytesWritten;

    Journal(Path dir, int maxRecordBytes) {
        this.dir = dir;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * Reads every segment in order; the caller, which decodes the records, reports each
     * segment's decided slots with {@link #noteDecided} (for compaction).
     */
    List<Entry> readAll(List<String> warnings) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (long segment : segments()) {
            byte[] bytes = Files.readAllBytes(fileFor(segment));
            ByteBuffer in = ByteBuffer.wrap(bytes);
            while (in.remaining() >= HEADER_BYTES) {
                int start = in.position();
                int length = in.getInt();
                int checksum = in.getInt();
                if (length < 1 || length > maxRecordBytes || length > in.remaining()) {
                    in.position(start);
                    break;
                }
                crc.reset();
                crc.update(bytes, in.position(), length);
                if ((int) crc.getValue() != checksum) {
                    in.position(start);
                    break;
                }
                int type = in.get();
                byte[] payload = new byte[length - 1];
                in.get(payload);
                entries.add(new Entry(segment, type, payload));
            }
            if (in.hasRemaining() && !zerosFrom(bytes, in.position())) {
                warnings.add(fileFor(segment).getFileName() + ": ignored " + in.remaining()
                        + " bytes after the last whole record (a write the crash interrupted)");
            }
            highestDecidedBySegment.put(segment, 0L);
        }
        return entries;
    }

    /** Segment {@code segment} holds the decision of {@code slot}. */
    void noteDecided(long segment, long slot) {
        highestDecidedBySegment.merge(segment, slot, Math::max);
    }

    /** Starts a new segment after every existing one; records appended from now on go there. */
    void startSegment() throws IOException {
        sync();
        long next = highestDecidedBySegment.isEmpty() ? 1 : highestDecidedBySegment.lastKey() + 1;
        if (current != null) {
            current.close();
        }
        current = FileChannel.open(fileFor(next), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        forceDirectory(dir);
        currentSegment = next;
        highestDecidedBySegment.put(next, 0L);
    }

    /** Adds a record to the next sync; {@code decidedSlot} is the slot it decides, or 0. */
    void append(int type, byte[] payload, long decidedSlot) {
        int length = payload.length + 1;
        if (length > maxRecordBytes) {
            throw new IllegalArgumentException("a journal record of " + length + " bytes exceeds " + maxRecordBytes);
        }
        if (pending.remaining() < HEADER_BYTES - 1 + length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + length + 64));
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        crc.reset();
        crc.update(type);
        crc.update(payload);
        pending.putInt(length).putInt((int) crc.getValue()).put((byte) type).put(payload);
        if (decidedSlot > 0) {
            noteDecided(currentSegment, decidedSlot);
        }
    }

    boolean hasPending() {
        return pending.position() > 0;
    }

    /** Writes what was appended and forces it to the device. */
    void sync() throws IOException {
        if (pending.position() == 0) {
            return;
        }
        pending.flip();
        bytesWritten += pending.remaining();
        while (pending.hasRemaining()) {
            current.write(pending);
        }
        pending.clear();
        long started = System.nanoTime();
        current.force(false);
        syncNanos += System.nanoTime() - started;
        syncs++;
    }

    /**
     * Deletes the segments before the current one whose decisions all lie at or below
     * {@code slot} (a snapshot covers them). The caller has rewritten every open vote
     * record into the current segment first.
     */
    void deleteSegmentsDecidedUpTo(long slot) throws IOException {
        List<Long> obsolete = new ArrayList<>();
        highestDecidedBySegment.headMap(currentSegment, false).forEach((segment, highest) -> {
            if (highest <= slot) {
                obsolete.add(segment);
            }
        });
        for (long segment : obsolete) {
            Files.deleteIfExists(fileFor(segment));
            highestDecidedBySegment.remove(segment);
        }
    }

    private static boolean zerosFrom(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    long syncs() {
        return syncs;
    }

    /** Mean time a sync spent forcing the file to the device, in microseconds. */
    long meanSyncMicros() {
        return syncs == 0 ? 0 : syncNanos / syncs / 1000;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    int segmentCount() {
        return highestDecidedBySegment.size();
    }

    private List<Long> segments() throws IOException {
        return NumberedFiles.in(dir, NAME);
    }

    private Path fileFor(long segment) {
        return dir.resolve(String.format("journal-%020d.log", segment));
    }

    /** Makes a file's creation, rename or removal in {@code dir} durable. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            try {
                sync();
            } finally {
                current.close();
                current = null;
            }
        }
    }
}
