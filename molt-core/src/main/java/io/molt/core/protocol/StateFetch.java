package io.molt.core.protocol;

import io.molt.core.crypto.Digest;
import io.molt.core.message.ChunkRequest;
import io.molt.core.message.ManifestRequest;
import io.molt.core.message.SnapshotChunk;
import io.molt.core.message.SnapshotManifest;
import io.molt.core.state.Snapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fetches the snapshot of a certified checkpoint from several replicas at once.
 *
 * <p>First every candidate is asked for the manifest; a manifest counts only if its digest
 * is the certified one, and the replicas that sent it become sources. Chunks are then
 * requested from all sources in parallel, a few at a time from each, and every chunk is
 * checked against the manifest on arrival: a source that sends a wrong chunk or manifest
 * is dropped at once, one that does not answer in time loses the request to another
 * source and is dropped after repeated timeouts. Pure: time arrives with {@link #tick}.
 */
final class StateFetch {
    /** Chunk requests outstanding per source. */
    private static final int PER_SOURCE = 4;
    /** Timeouts after which a source is given up. */
    private static final int MAX_TIMEOUTS = 3;

    private record InFlight(int source, long sentAt) {}

    private final long slot;
    private final Digest digest;
    private final List<Integer> candidates;
    private final long timeoutMillis;
    private final long startedAt;
    private final Set<Integer> sources = new LinkedHashSet<>();
    private final Set<Integer> dropped = new LinkedHashSet<>();
    private final Map<Integer, Integer> timeouts = new HashMap<>();
    private final Map<Integer, InFlight> inFlight = new HashMap<>();
    private final int[] outstanding;
    private final ArrayDeque<Integer> missing = new ArrayDeque<>();
    private SnapshotManifest manifest;
    private byte[][] chunks;
    private int received;
    private long bytes;
    private long lastManifestAsk = Long.MIN_VALUE / 2;
    private long lastProgress;

    StateFetch(long slot, Digest digest, List<Integer> candidates, int replicas, long timeoutMillis, long now) {
        this.slot = slot;
        this.digest = digest;
        this.candidates = List.copyOf(candidates);
        this.timeoutMillis = timeoutMillis;
        this.startedAt = now;
        this.lastProgress = now;
        this.outstanding = new int[replicas];
    }

    long slot() {
        return slot;
    }

    Digest digest() {
        return digest;
    }

    long bytes() {
        return bytes;
    }

    long startedAt() {
        return startedAt;
    }

    /** Nothing arrived for a long while and no source is left or answering. */
    boolean stalled(long now) {
        return now - lastProgress >= 4 * timeoutMillis
                && (manifest == null || sources.isEmpty() || inFlight.isEmpty());
    }

    boolean complete() {
        return manifest != null && received == manifest.chunkCount();
    }

    /** The verified snapshot, once {@link #complete()}. */
    Snapshot result() {
        return Snapshot.assemble(manifest, Arrays.asList(chunks));
    }

    void tick(long now, Effects out) {
        if (manifest == null) {
            if (now - lastManifestAsk >= timeoutMillis) {
                lastManifestAsk = now;
                for (int c : candidates) {
                    if (!dropped.contains(c)) {
                        out.send(c, new ManifestRequest(slot));
                    }
                }
            }
            return;
        }
        List<Integer> late = new ArrayList<>();
        inFlight.forEach((index, f) -> {
            if (now - f.sentAt() >= timeoutMillis) {
                late.add(index);
            }
        });
        Set<Integer> slow = new LinkedHashSet<>();
        for (int index : late) {
            InFlight f = inFlight.remove(index);
            outstanding[f.source()]--;
            missing.addFirst(index);
            slow.add(f.source());
        }
        for (int source : slow) {
            // One strike per round of timeouts, however many requests it held.
            if (timeouts.merge(source, 1, Integer::sum) >= MAX_TIMEOUTS) {
                drop(source, "did not send chunks in time", out);
            }
        }
        if (sources.isEmpty() && now - lastManifestAsk >= timeoutMillis) {
            // Every source failed: ask the others again; they may have it.
            lastManifestAsk = now;
            for (int c : candidates) {
                if (!dropped.contains(c)) {
                    out.send(c, new ManifestRequest(slot));
                }
            }
        }
        request(now, out);
    }

    void onManifest(int from, SnapshotManifest m, long now, Effects out) {
        if (m.slot() != slot || dropped.contains(from)) {
            return;
        }
        if (!m.digest().equals(digest)) {
            drop(from, "sent a manifest that does not match the certified checkpoint", out);
            return;
        }
        if (manifest == null) {
            manifest = m;
            chunks = new byte[m.chunkCount()][];
            for (int i = 0; i < m.chunkCount(); i++) {
                missing.add(i);
            }
        }
        sources.add(from);
        lastProgress = now;
        request(now, out);
    }

    void onChunk(int from, SnapshotChunk c, long now, Effects out) {
        if (manifest == null || c.slot() != slot) {
            return;
        }
        InFlight f = inFlight.get(c.index());
        if (f == null || f.source() != from) {
            return;
        }
        inFlight.remove(c.index());
        outstanding[from]--;
        if (!Snapshot.matches(manifest, c.index(), c.data())) {
            missing.addFirst(c.index());
            drop(from, "sent chunk " + c.index() + " that does not match the manifest", out);
        } else {
            chunks[c.index()] = c.data();
            received++;
            bytes += c.data().length;
            lastProgress = now;
            timeouts.remove(from);
        }
        request(now, out);
    }

    private void request(long now, Effects out) {
        boolean sent = true;
        while (sent && !missing.isEmpty()) {
            sent = false;
            for (int s : sources) {
                if (missing.isEmpty()) {
                    break;
                }
                if (outstanding[s] < PER_SOURCE) {
                    int index = missing.poll();
                    inFlight.put(index, new InFlight(s, now));
                    outstanding[s]++;
                    out.send(s, new ChunkRequest(slot, index));
                    sent = true;
                }
            }
        }
    }

    private void drop(int source, String why, Effects out) {
        if (dropped.add(source)) {
            sources.remove(source);
            out.notice(new Notice(Notice.Kind.INVALID_MESSAGE, slot, source, "state transfer source " + why));
        }
        // Its outstanding requests go back to the queue for the others.
        inFlight.entrySet().removeIf(e -> {
            if (e.getValue().source() == source) {
                missing.addFirst(e.getKey());
                outstanding[source]--;
                return true;
            }
            return false;
        });
    }
}
