package io.molt.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.message.ChunkRequest;
import io.molt.core.message.ManifestRequest;
import io.molt.core.message.SnapshotChunk;
import io.molt.core.message.SnapshotManifest;
import io.molt.core.state.Snapshot;
import io.molt.core.state.SnapshotWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StateFetchTest {
    private static final long TIMEOUT = 100;

    private final Snapshot snapshot = snapshot();
    private final RecordingEffects out = new RecordingEffects();

    private static Snapshot snapshot() {
        byte[] content = new byte[20 * 1024 + 5];
        new Random(3).nextBytes(content);
        SnapshotWriter w = new SnapshotWriter(1024);
        w.write(content, 0, content.length);
        return w.finish(64);
    }

    private StateFetch fetch() {
        StateFetch f = new StateFetch(64, snapshot.digest(), List.of(1, 2, 3), 4, TIMEOUT, 0);
        f.tick(0, out);
        return f;
    }

    private List<ChunkRequest> chunkRequests(int to) {
        List<ChunkRequest> list = new ArrayList<>();
        for (RecordingEffects.Sent s : out.sent) {
            if (s.to() == to && s.message() instanceof ChunkRequest c) {
                list.add(c);
            }
        }
        return list;
    }

    private void answerAll(StateFetch f, int from, long now, boolean lie) {
        for (ChunkRequest c : chunkRequests(from)) {
            byte[] data = snapshot.chunk(c.index()).clone();
            if (lie) {
                data[0] ^= 1;
            }
            f.onChunk(from, new SnapshotChunk(64, c.index(), data), now, out);
        }
    }

    @Test
    void fetchesFromEverySourceInParallelAndVerifiesTheResult() {
        StateFetch f = fetch();
        assertThat(out.sent).extracting(RecordingEffects.Sent::message).containsOnly(new ManifestRequest(64));
        out.clear();
        for (int r = 1; r <= 3; r++) {
            f.onManifest(r, snapshot.manifest(), 1, out);
        }
        for (int r = 1; r <= 3; r++) {
            assertThat(chunkRequests(r)).as("requests to replica " + r).isNotEmpty().hasSizeLessThanOrEqualTo(4);
        }
        for (int round = 0; round < 20 && !f.complete(); round++) {
            List<RecordingEffects.Sent> asked = new ArrayList<>(out.sent);
            out.clear();
            for (RecordingEffects.Sent s : asked) {
                ChunkRequest c = (ChunkRequest) s.message();
                f.onChunk(s.to(), new SnapshotChunk(64, c.index(), snapshot.chunk(c.index())), 2, out);
            }
        }
        assertThat(f.complete()).isTrue();
        assertThat(f.result().digest()).isEqualTo(snapshot.digest());
        assertThat(f.bytes()).isEqualTo(snapshot.totalBytes());
    }

    @Test
    void aLyingSourceIsDroppedAtItsFirstBadChunkAndOthersFinish() {
        StateFetch f = fetch();
        out.clear();
        f.onManifest(1, snapshot.manifest(), 1, out);
        f.onManifest(2, snapshot.manifest(), 1, out);
        List<ChunkRequest> askedOfLiar = chunkRequests(1);
        List<ChunkRequest> askedOfHonest = chunkRequests(2);
        out.clear();
        f.onChunk(1, new SnapshotChunk(64, askedOfLiar.get(0).index(), new byte[1024]), 2, out);
        assertThat(out.notices).anySatisfy(n -> {
            assertThat(n.replica()).isEqualTo(1);
            assertThat(n.detail()).contains("does not match the manifest");
        });
        out.sent.clear();
        for (ChunkRequest c : askedOfHonest) {
            out.sent.add(new RecordingEffects.Sent(2, c));
        }
        for (int round = 0; round < 40 && !f.complete(); round++) {
            List<ChunkRequest> asked = chunkRequests(2);
            assertThat(chunkRequests(1)).as("nothing more is asked of the liar").isEmpty();
            out.clear();
            for (ChunkRequest c : asked) {
                f.onChunk(2, new SnapshotChunk(64, c.index(), snapshot.chunk(c.index())), 3, out);
            }
            answerAll(f, 1, 3, true);
        }
        assertThat(f.complete()).isTrue();
        assertThat(f.result().digest()).isEqualTo(snapshot.digest());
    }

    @Test
    void aManifestForAnotherDigestIsRefusedAndUnaskedChunksIgnored() {
        StateFetch f = fetch();
        SnapshotManifest m = snapshot.manifest();
        List<io.molt.core.crypto.Digest> forged = new ArrayList<>(m.chunkDigests());
        forged.set(0, io.molt.core.crypto.Digest.ZERO);
        f.onManifest(3, new SnapshotManifest(64, m.totalBytes(), m.chunkBytes(), forged), 1, out);
        out.clear();
        f.onChunk(2, new SnapshotChunk(64, 0, snapshot.chunk(0)), 1, out);
        assertThat(f.bytes()).as("a chunk nobody asked for").isZero();
        f.onManifest(3, m, 1, out);
        assertThat(chunkRequests(3)).as("replica 3 was dropped for its forged manifest").isEmpty();
    }

    @Test
    void silentSourcesLoseTheirRequestsToOthersAndAFetchWithoutSourcesStalls() {
        StateFetch f = fetch();
        f.onManifest(1, snapshot.manifest(), 1, out);
        f.onManifest(2, snapshot.manifest(), 1, out);
        out.clear();
        f.tick(1 + TIMEOUT, out);
        // Both were silent; their requests were reissued.
        assertThat(chunkRequests(1).size() + chunkRequests(2).size()).isEqualTo(8);
        for (long t = 2; t <= 4; t++) {
            f.tick(1 + t * TIMEOUT, out);
        }
        assertThat(f.stalled(1 + 8 * TIMEOUT)).isTrue();
        assertThat(f.complete()).isFalse();
    }
}
