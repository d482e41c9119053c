package io.molt.replica.storage;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.MessageCodec;
import io.molt.core.codec.WireReader;
import io.molt.core.codec.WireWriter;
import io.molt.core.message.Batch;
import io.molt.core.message.Decided;
import io.molt.core.protocol.RecoveryPlan;
import io.molt.core.protocol.VoteRecord;
import io.molt.core.state.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica's durable state in its own directory: a journal of vote records and decided
 * batches, and its latest checkpoint snapshots. The core thread appends and syncs the
 * journal (one fsync per round of events, before the round's messages leave); snapshots
 * are written by a thread of their own, and once one is on disk the journal starts a new
 * segment and drops the segments it makes redundant. docs/PROTOCOL.md, "Crash recovery".
 *
 * <p>Not thread-safe, except {@link #snapshotTaken}, which any thread may call.
 */
public final class ReplicaStorage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaStorage.class);
    private static final int VOTES = 1;
    private static final int DECIDED = 2;
    /** A decided slot whose batch a vote record in the same segment carries: slot and digest. */
    private static final int DECIDED_AS_VOTED = 3;

    /** What an earlier incarnation left: hand it to {@code ReplicaCore.recover}. */
    public record Recovered(Snapshot snapshot, List<Batch> decided, Collection<VoteRecord> votes,
            List<String> warnings) {
        public boolean isEmpty() {
            return snapshot == null && decided.isEmpty() && votes.isEmpty();
        }

        public String summary() {
            return (snapshot == null ? "no snapshot" : "snapshot of slot " + snapshot.slot() + " ("
                    + snapshot.totalBytes() + " bytes)") + ", " + decided.size() + " decided batches, " + votes.size()
                    + " vote records";
        }
    }

    private final Path dir;
    private final MessageCodec codec;
    private final int maxBatchBytes;
    private final Journal journal;
    private final SnapshotFiles snapshots;
    private final ExecutorService writer;
    /** Slot of the newest snapshot on disk (written by the writer thread). */
    private volatile long durableSnapshot;
    /** Slot of the snapshot the current journal segment started after. */
    private long segmentStartedAfter;
    private volatile IOException writerFailure;
    /**
     * Open slots whose committed batch a vote record in the current segment carries, with
     * its digest: their decided records name the batch instead of repeating it.
     */
    private final java.util.Map<Long, io.molt.core.crypto.Digest> batchInSegment = new java.util.HashMap<>();

    private ReplicaStorage(Path dir, MessageCodec codec, int maxBatchBytes) {
        this.dir = dir;
        this.codec = codec;
        this.maxBatchBytes = maxBatchBytes;
        // A record holds at most one batch, framed as a message, plus a vote record's fields.
        this.journal = new Journal(dir, maxBatchBytes + (64 << 10));
        this.snapshots = new SnapshotFiles(dir, codec);
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "molt-snapshot-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens (creating it if need be) a replica's data directory and reads what is there.
     * Afterwards the journal appends to a new segment.
     *
     * @throws IOException when the directory cannot be used, or its snapshot is damaged (the
     *     message says what to do)
     */
    public static ReplicaStorage open(Path dir, MessageCodec codec, int maxBatchBytes) throws IOException {
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException("data directory " + dir + " is not writable");
        }
        return new ReplicaStorage(dir, codec, maxBatchBytes);
    }

    /** Reads the directory ({@link RecoveryPlan} picks the snapshot); call once, before the first append. */
    public Recovered recover() throws IOException {
        List<String> warnings = new ArrayList<>();
        TreeMap<Long, Batch> decided = new TreeMap<>();
        TreeMap<Long, VoteRecord> votes = new TreeMap<>();
        List<Journal.Entry> entries = journal.readAll(warnings);
        java.util.Map<io.molt.core.crypto.Digest, Batch> votedBatches = new java.util.HashMap<>();
        for (Journal.Entry e : entries) {
            try {
                if (e.type() == DECIDED) {
                    Decided d = decodeDecided(e.payload());
                    decided.put(d.slot(), d.batch());
                    journal.noteDecided(e.segment(), d.slot());
                } else if (e.type() == DECIDED_AS_VOTED) {
                    WireReader in = new WireReader(e.payload());
                    long slot = in.i64("decided slot");
                    io.molt.core.crypto.Digest digest = in.digest("decided digest");
                    Batch b = votedBatches.get(digest);
                    if (b == null || b.slot() != slot) {
                        throw new IOException("journal segment " + e.segment() + " names a batch for slot " + slot
                                + " that no vote record before it carries");
                    }
                    decided.put(slot, b);
                    journal.noteDecided(e.segment(), slot);
                } else if (e.type() == VOTES) {
                    VoteRecord r = VoteRecord.readFrom(new WireReader(e.payload()), codec, maxBatchBytes + 1024);
                    votes.put(r.slot(), r);
                    if (r.valBatch() != null) {
                        votedBatches.put(r.valDigest(), r.valBatch());
                    }
                } else {
                    throw new IOException("journal record of unknown type " + e.type());
                }
            } catch (CodecException ex) {
                // The checksum held, so these bytes are what this build wrote: refuse rather
                // than guess what the replica had said.
                throw new IOException("journal segment " + e.segment() + " holds a record this build cannot read: "
                        + ex.getMessage(), ex);
            }
        }
        List<Long> snapshotSlots = snapshots.slots();
        int count = snapshotSlots.size();
        long latest = count > 0 ? snapshotSlots.get(count - 1) : -1;
        RecoveryPlan plan = RecoveryPlan.choose(count > 1 ? snapshotSlots.get(count - 2) : -1, latest, decided);
        Snapshot snapshot = null;
        if (latest >= 0) {
            try {
                snapshot = snapshots.read(plan.base());
            } catch (IOException e) {
                throw new IOException(e.getMessage() + ". This replica's own state is unusable: move " + dir
                        + " away to start it empty (it then fetches the state from its peers and counts against t"
                        + " until it has caught up)", e);
            }
            durableSnapshot = latest;
            segmentStartedAfter = latest;
        }
        if (plan.gapAfter() >= 0) {
            warnings.add("decided batches stop at slot " + plan.gapAfter() + "; the rest comes from the peers");
        }
        journal.startSegment();
        return new Recovered(snapshot, plan.decided(), List.copyOf(votes.values()), warnings);
    }

    private Decided decodeDecided(byte[] payload) throws CodecException {
        if (codec.decode(payload) instanceof Decided d) {
            return d;
        }
        throw new CodecException(CodecException.Kind.INVALID_FIELD, "a decided record holds another message");
    }

    // ------------------------------------------------------------------ core thread

    public void persist(VoteRecord record) {
        WireWriter w = new WireWriter(256);
        record.writeTo(w, codec);
        journal.append(VOTES, w.toByteArray(), 0);
        if (record.valBatch() != null) {
            batchInSegment.put(record.slot(), record.valDigest());
        }
    }

    public void decided(long slot, Batch batch) {
        io.molt.core.crypto.Digest voted = batchInSegment.remove(slot);
        if (batch.digest().equals(voted)) {
            journal.append(DECIDED_AS_VOTED, new WireWriter(40).i64(slot).digest(voted).toByteArray(), slot);
        } else {
            journal.append(DECIDED, codec.encode(new Decided(slot, batch)), slot);
        }
    }

    /** Makes every record appended so far durable; a failure stops the replica. */
    public void sync() {
        try {
            journal.sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal in " + dir, e);
        }
    }

    /**
     * Once a newer snapshot is on disk: starts a new journal segment holding every open
     * vote record, then drops the segments whose decisions the previous snapshot covers
     * (decisions since then stay, for peers just behind, and for recovery from the previous
     * snapshot) and the snapshot files older than the previous one.
     */
    public void compactIfSnapshotWritten(Supplier<List<VoteRecord>> openVotes) {
        IOException failure = writerFailure;
        if (failure != null) {
            throw new UncheckedIOException("cannot write a snapshot in " + dir, failure);
        }
        long written = durableSnapshot;
        if (written <= segmentStartedAfter) {
            return;
        }
        long keepFrom = segmentStartedAfter;
        try {
            journal.startSegment();
            batchInSegment.clear();
            for (VoteRecord r : openVotes.get()) {
                persist(r);
            }
            journal.sync();
            segmentStartedAfter = written;
            journal.deleteSegmentsDecidedUpTo(keepFrom);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact the journal in " + dir, e);
        }
        writer.execute(() -> {
            try {
                snapshots.deleteOlderThan(keepFrom);
            } catch (IOException e) {
                log.warn("cannot delete old snapshots in {}: {}", dir, e.getMessage());
            }
        });
    }

    // ------------------------------------------------------------------ any thread

    /** Writes the snapshot to disk in the background; the journal compacts once it is there. */
    public void snapshotTaken(Snapshot snapshot) {
        writer.execute(() -> {
            if (snapshot.slot() <= durableSnapshot) {
                return;
            }
            try {
                snapshots.write(snapshot);
                durableSnapshot = snapshot.slot();
            } catch (IOException e) {
                writerFailure = e;
            } catch (RuntimeException | Error e) {
                // Reported to the core thread, which stops the replica: a writer that died
                // quietly would leave the journal growing without a snapshot behind it.
                writerFailure = new IOException("snapshot writer failed: " + e, e);
            }
        });
    }

    /** Waits until every snapshot handed over so far is on disk (or failed). */
    void awaitSnapshotWrites() throws InterruptedException {
        try {
            writer.submit(() -> { }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public String describe() {
        return "journal syncs=" + journal.syncs() + " (mean " + journal.meanSyncMicros() + " µs) bytes="
                + journal.bytesWritten() + " segments="
                + journal.segmentCount() + " snapshot=" + durableSnapshot;
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
            journal.close();
        } catch (IOException e) {
            log.warn("cannot close the journal in {}: {}", dir, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
