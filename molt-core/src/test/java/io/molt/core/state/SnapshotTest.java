package io.molt.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.core.crypto.Digest;
import io.molt.core.message.ChunkRequest;
import io.molt.core.message.ManifestRequest;
import io.molt.core.message.SnapshotChunk;
import io.molt.core.message.SnapshotManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    private static Snapshot write(long slot, byte[] content, int chunkBytes) {
        SnapshotWriter w = new SnapshotWriter(chunkBytes);
        // Mixed write sizes, so chunk boundaries fall inside writes and between them.
        int at = 0;
        Random rnd = new Random(content.length);
        while (at < content.length) {
            int n = Math.min(content.length - at, rnd.nextInt(3 * chunkBytes) + 1);
            if (n == 1) {
                w.write(content[at]);
            } else {
                w.write(content, at, n);
            }
            at += n;
        }
        return w.finish(slot);
    }

    @Test
    void chunksReassembleToWhatWasWritten() throws IOException {
        for (int size : new int[] {0, 1, 1023, 1024, 1025, 4096, 10_000}) {
            byte[] content = new byte[size];
            new Random(size).nextBytes(content);
            Snapshot s = write(7, content, 1024);
            assertThat(s.totalBytes()).isEqualTo(size);
            assertThat(s.chunkCount()).isEqualTo((int) SnapshotManifest.chunkCount(size, 1024));
            assertThat(s.open().readAllBytes()).isEqualTo(content);
            for (int i = 0; i < s.chunkCount(); i++) {
                assertThat(Snapshot.matches(s.manifest(), i, s.chunk(i))).isTrue();
            }
        }
    }

    @Test
    void theDigestCoversSlotContentAndChunking() {
        byte[] content = new byte[5000];
        new Random(1).nextBytes(content);
        Digest d = write(7, content, 1024).digest();
        assertThat(write(7, content, 1024).digest()).isEqualTo(d);
        assertThat(write(8, content, 1024).digest()).isNotEqualTo(d);
        assertThat(write(7, content, 2048).digest()).isNotEqualTo(d);
        content[4999] ^= 1;
        assertThat(write(7, content, 1024).digest()).isNotEqualTo(d);
    }

    @Test
    void aWrongChunkIsCaughtAndAssemblyRefusesIt() {
        byte[] content = new byte[3000];
        new Random(2).nextBytes(content);
        Snapshot s = write(1, content, 1024);
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < s.chunkCount(); i++) {
            chunks.add(s.chunk(i).clone());
        }
        assertThat(Snapshot.assemble(s.manifest(), chunks).digest()).isEqualTo(s.digest());
        chunks.get(1)[17] ^= 1;
        assertThat(Snapshot.matches(s.manifest(), 1, chunks.get(1))).isFalse();
        assertThatThrownBy(() -> Snapshot.assemble(s.manifest(), chunks)).hasMessageContaining("chunk 1");
        assertThat(Snapshot.matches(s.manifest(), 2, s.chunk(1))).as("right bytes, wrong place").isFalse();
        assertThat(Snapshot.matches(s.manifest(), 3, s.chunk(1))).as("no such chunk").isFalse();
    }

    @Test
    void aManifestMustListExactlyItsChunks() {
        assertThatThrownBy(() -> new SnapshotManifest(1, 3000, 1024, List.of(Digest.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("make 3 chunks");
        assertThat(new SnapshotManifest(1, 0, 1024, List.of(Digest.ZERO)).chunkCount()).isEqualTo(1);
    }

    @Test
    void theShelfServesTheTwoLatestSnapshots() {
        SnapshotShelf shelf = new SnapshotShelf();
        assertThat(shelf.answer(new ManifestRequest(10))).isNull();
        Snapshot a = write(10, new byte[2000], 1024);
        Snapshot b = write(20, new byte[10], 1024);
        Snapshot c = write(30, new byte[10], 1024);
        shelf.put(a);
        shelf.put(b);
        assertThat(shelf.answer(new ManifestRequest(10))).isEqualTo(a.manifest());
        assertThat(((SnapshotChunk) shelf.answer(new ChunkRequest(10, 1))).data()).isEqualTo(a.chunk(1));
        assertThat(shelf.answer(new ChunkRequest(10, 2))).as("beyond the last chunk").isNull();
        shelf.put(c);
        assertThat(shelf.answer(new ManifestRequest(10))).as("the oldest is gone").isNull();
        assertThat(shelf.answer(new ManifestRequest(20))).isEqualTo(b.manifest());
        assertThat(shelf.latest()).isSameAs(c);
        assertThatThrownBy(() -> shelf.put(a)).hasMessageContaining("older");
    }
}
