package io.molt.replica.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.core.codec.CodecLimits;
import io.molt.core.codec.MessageCodec;
import io.molt.core.crypto.Digest;
import io.molt.core.message.Batch;
import io.molt.core.message.Request;
import io.molt.core.message.WriteEntry;
import io.molt.core.protocol.VoteRecord;
import io.molt.core.state.Snapshot;
import io.molt.core.state.SnapshotWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaStorageTest {
    private static final MessageCodec CODEC = new MessageCodec(CodecLimits.DEFAULT);
    private static final int MAX = CodecLimits.DEFAULT.maxFrameBytes();

    private static Batch batch(long slot) {
        return Batch.create(slot, 0, (int) (slot % 4), List.of(new Request(7, slot, false,
                ("op" + slot).getBytes(StandardCharsets.UTF_8))), List.of());
    }

    private static VoteRecord committed(long slot, int view) {
        Batch b = batch(slot);
        return new VoteRecord(slot, view, view, view, view + 1, b.digest(), b,
                List.of(new WriteEntry(view + 1, b.digest())), -1, null);
    }

    private static Snapshot snapshot(long slot, int bytes) {
        SnapshotWriter w = new SnapshotWriter(1000);
        for (int i = 0; i < bytes; i++) {
            w.write((int) (slot + i));
        }
        return w.finish(slot);
    }

    private static ReplicaStorage.Recovered reopen(Path dir) throws IOException {
        try (ReplicaStorage s = ReplicaStorage.open(dir, CODEC, MAX)) {
            return s.recover();
        }
    }

    @Test
    void whatWasSyncedComesBackAndTheLatestVoteRecordPerSlotWins(@TempDir Path dir) throws IOException {
        try (ReplicaStorage s = ReplicaStorage.open(dir, CODEC, MAX)) {
            assertThat(s.recover().isEmpty()).isTrue();
            for (long slot = 1; slot <= 5; slot++) {
                s.decided(slot, batch(slot));
            }
            VoteRecord prepared = new VoteRecord(6, 0, 0, -1, 0, Digest.ZERO, null,
                    List.of(new WriteEntry(1, batch(6).digest())), -1, batch(6).digest());
            s.persist(prepared);
            s.persist(committed(6, 0));
            s.persist(committed(7, 2));
            s.sync();
        }
        ReplicaStorage.Recovered r = reopen(dir);
        assertThat(r.snapshot()).isNull();
        assertThat(r.decided()).extracting(Batch::slot).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(r.decided().get(2)).isEqualTo(batch(3));
        assertThat(r.votes()).containsExactlyInAnyOrder(committed(6, 0), committed(7, 2));
    }

    @Test
    void aDecidedBatchThatAVoteRecordCarriesIsWrittenOnceAndReadBack(@TempDir Path dir) throws IOException {
        try (ReplicaStorage s = ReplicaStorage.open(dir, CODEC, MAX)) {
            s.recover();
            for (long slot = 1; slot <= 20; slot++) {
                s.persist(committed(slot, 0));
                s.decided(slot, batch(slot));
            }
            s.sync();
        }
        assertThat(reopen(dir).decided()).extracting(Batch::slot).hasSize(20).containsSequence(1L, 2L, 3L);
        assertThat(reopen(dir).decided().get(19)).isEqualTo(batch(20));
    }

    @Test
    void aTornTailIsIgnoredAndEveryStartWritesANewSegment(@TempDir Path dir) throws IOException {
        writeDecided(dir, 2);
        Path segment = onlyFile(dir, "journal-");
        byte[] bytes = Files.readAllBytes(segment);
        int end = lastNonZero(bytes);
        java.util.Arrays.fill(bytes, end - 2, end + 1, (byte) 0); // the crash cut the last record short
        Files.write(segment, bytes);
        ReplicaStorage.Recovered r = reopen(dir);
        assertThat(r.decided()).extracting(Batch::slot).containsExactly(1L);
        assertThat(r.warnings()).anyMatch(w -> w.contains("ignored"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("journal-"))).hasSize(2);
        }
    }

    @Test
    void aFlippedBitEndsTheSegmentAtTheRecordBefore(@TempDir Path dir) throws IOException {
        writeDecided(dir, 3);
        Path segment = onlyFile(dir, "journal-");
        byte[] bytes = Files.readAllBytes(segment);
        bytes[lastNonZero(bytes) - 4] ^= 0x10;
        Files.write(segment, bytes);
        assertThat(reopen(dir).decided()).extracting(Batch::slot).containsExactly(1L, 2L);
    }

    @Test
    void snapshotsAreWrittenInTheBackgroundAndCompactTheJournal(@TempDir Path dir) throws Exception {
        try (ReplicaStorage s = ReplicaStorage.open(dir, CODEC, MAX)) {
            s.recover();
            for (long slot = 1; slot <= 30; slot++) {
                s.decided(slot, batch(slot));
                s.sync();
                if (slot % 10 == 0) {
                    s.snapshotTaken(snapshot(slot, 2500));
                    s.awaitSnapshotWrites();
                    long next = slot + 1;
                    s.compactIfSnapshotWritten(() -> List.of(committed(next, 0)));
                }
            }
        }
        ReplicaStorage.Recovered r = reopen(dir);
        // Two snapshots kept (20 and 30); recovery starts at 20, whose decisions since are all there.
        assertThat(r.snapshot().slot()).isEqualTo(20);
        assertThat(r.snapshot().digest()).isEqualTo(snapshot(20, 2500).digest());
        assertThat(r.decided()).extracting(Batch::slot).contains(21L, 30L).doesNotContain(10L);
        assertThat(r.votes()).contains(committed(31, 0));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".snap")).count()).isEqualTo(2);
        }
    }

    @Test
    void aDamagedSnapshotStopsTheReplicaWithAMessageSayingWhatToDo(@TempDir Path dir) throws Exception {
        try (ReplicaStorage s = ReplicaStorage.open(dir, CODEC, MAX)) {
            s.recover();
            s.snapshotTaken(snapshot(10, 3000));
            s.awaitSnapshotWrites();
        }
        Path file = dir.resolve(String.format("snapshot-%020d.snap", 10));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 100] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> reopen(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not match").hasMessageContaining("move " + dir + " away");
    }

    private static void writeDecided(Path dir, int slots) throws IOException {
        try (ReplicaStorage s = ReplicaStorage.open(dir, CODEC, MAX)) {
            s.recover();
            for (long slot = 1; slot <= slots; slot++) {
                s.decided(slot, batch(slot));
            }
            s.sync();
        }
    }

    /** Where the records end (a file system may leave zeros after them). */
    private static int lastNonZero(byte[] bytes) {
        int i = bytes.length - 1;
        while (bytes[i] == 0) {
            i--;
        }
        return i;
    }

    private static Path onlyFile(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

}
