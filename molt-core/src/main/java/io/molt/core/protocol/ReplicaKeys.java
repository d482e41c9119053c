package io.molt.core.protocol;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.WireReader;
import io.molt.core.codec.WireWriter;
import io.molt.core.crypto.Ed25519;
import io.molt.core.crypto.SignatureVerifier;
import io.molt.core.crypto.VerifiedSignatures;
import io.molt.core.message.EpochChange;
import io.molt.core.message.KeyReport;
import io.molt.core.quorum.Quorums;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which key speaks for each replica at each slot, and which epoch each slot belongs to.
 * Immutable: the core replaces it when an epoch change is executed and publishes it to the
 * stages that check signatures off the protocol thread.
 *
 * <p>Each replica has a sequence of <em>incarnations</em>, named by the epoch whose change
 * introduced their key (0 for the keys the ensemble started with). An incarnation speaks
 * for the slots from its first slot up to the first slot of the next one; a statement about
 * a slot counts only when signed with (or, for channel-authenticated messages, sent by) the
 * incarnation of that slot. So a refreshed replica's old key is worthless for every slot of
 * the new epoch, and the new incarnation never speaks about slots its predecessor may have
 * voted in.
 *
 * <p>The table may know more than this replica has executed: a refreshed replica starts
 * with the controller's table, which already holds the epoch change that created it (so it
 * can check signatures before it has any state). Executing a change the table already
 * holds changes nothing, and the canonical form a checkpoint carries holds only the changes
 * executed up to its slot, so replicas agree on it whatever they knew ahead.
 */
public final class ReplicaKeys implements SignatureVerifier {

    /** One key of one replica, from {@code firstSlot} on. */
    private record Incarnation(long epoch, long firstSlot, byte[] key) {}

    /** The start of one epoch, and the slot whose execution started it. */
    private record EpochStart(long epoch, long executedAt, long firstSlot) {}

    private final Incarnation[][] byReplica;
    private final EpochStart[] epochs;
    private final long version;

    private ReplicaKeys(Incarnation[][] byReplica, EpochStart[] epochs) {
        this.byReplica = byReplica;
        this.epochs = epochs;
        this.version = fingerprint();
    }

    /**
     * A fingerprint of the whole table: equal tables have equal versions, and a signature
     * checked under one version holds under another only if they are equal.
     */
    public long version() {
        return version;
    }

    /** SHA-256 of the table's whole encoding, cut to 64 bits. */
    private long fingerprint() {
        WireWriter w = new WireWriter(64 + byReplica.length * 48);
        writeWholeTo(w);
        return java.nio.ByteBuffer.wrap(io.molt.core.crypto.Digest.sha256(w.toByteArray()).toBytes()).getLong();
    }

    /** Epoch 0 from slot 0, with the keys the ensemble started with. */
    public static ReplicaKeys initial(List<byte[]> publicKeys) {
        Incarnation[][] byReplica = new Incarnation[publicKeys.size()][];
        for (int i = 0; i < byReplica.length; i++) {
            byte[] key = publicKeys.get(i);
            if (key.length != Ed25519.PUBLIC_KEY_BYTES) {
                throw new IllegalArgumentException("public key of replica " + i + " has " + key.length + " bytes");
            }
            byReplica[i] = new Incarnation[] {new Incarnation(0, 0, key.clone())};
        }
        return new ReplicaKeys(byReplica, new EpochStart[] {new EpochStart(0, 0, 0)});
    }

    public int replicas() {
        return byReplica.length;
    }

    /** The latest epoch whose change this table holds (it may not be in effect yet). */
    public long latestEpoch() {
        return epochs[epochs.length - 1].epoch();
    }

    /** The first slot of the latest epoch. */
    public long latestEpochStart() {
        return epochs[epochs.length - 1].firstSlot();
    }

    /** The epoch {@code slot} belongs to. */
    public long epochAt(long slot) {
        for (int i = epochs.length - 1; i > 0; i--) {
            if (epochs[i].firstSlot() <= slot) {
                return epochs[i].epoch();
            }
        }
        return epochs[0].epoch();
    }

    /** The first slot of {@code epoch}, or -1 when it is unknown here (not executed, or pruned). */
    public long firstSlotOfEpoch(long epoch) {
        for (EpochStart e : epochs) {
            if (e.epoch() == epoch) {
                return e.firstSlot();
            }
        }
        return -1;
    }

    /** The slot whose execution started {@code epoch}, or -1 when it is unknown here. */
    public long executedAtOfEpoch(long epoch) {
        int k = indexOfEpoch(epoch);
        return k < 0 ? -1 : epochs[k].executedAt();
    }

    /** The incarnation (epoch that introduced its key) speaking for {@code replica} at {@code slot}. */
    public long incarnationAt(int replica, long slot) {
        return at(replica, slot).epoch();
    }

    /** The latest incarnation of {@code replica} (possibly not in effect yet). */
    public long latestIncarnation(int replica) {
        Incarnation[] list = byReplica[replica];
        return list[list.length - 1].epoch();
    }

    /**
     * The first slot {@code replica}'s incarnation {@code incarnation} speaks for, or -1 when
     * this table does not know that incarnation (yet, or any more).
     */
    public long firstSlotOf(int replica, long incarnation) {
        for (Incarnation i : byReplica[replica]) {
            if (i.epoch() == incarnation) {
                return i.firstSlot();
            }
        }
        return -1;
    }

    /**
     * The last slot {@code replica}'s incarnation {@code incarnation} speaks for:
     * {@link Long#MAX_VALUE} while no later incarnation is known, -1 when the incarnation is
     * unknown.
     */
    public long lastSlotOf(int replica, long incarnation) {
        Incarnation[] list = byReplica[replica];
        for (int k = 0; k < list.length; k++) {
            if (list[k].epoch() == incarnation) {
                return k + 1 < list.length ? list[k + 1].firstSlot() - 1 : Long.MAX_VALUE;
            }
        }
        return -1;
    }

    /** The incarnation of {@code replica} whose key is {@code key}, or -1 when none is. */
    public long incarnationOf(int replica, byte[] key) {
        if (replica < 0 || replica >= byReplica.length) {
            return -1;
        }
        for (Incarnation i : byReplica[replica]) {
            if (Arrays.equals(i.key(), key)) {
                return i.epoch();
            }
        }
        return -1;
    }

    @Override
    public boolean verify(int replicaId, long slot, byte[] data, byte[] signature) {
        byte[] key = keyFor(replicaId, slot);
        return key != null && Ed25519.verify(key, data, signature);
    }

    /**
     * The same check as {@link #verify}, through {@code memo}: a signature this replica
     * already verified under the same key costs a hash.
     */
    public SignatureVerifier remembering(VerifiedSignatures memo) {
        return (replicaId, slot, data, signature) -> {
            byte[] key = keyFor(replicaId, slot);
            return key != null && memo.verify(key, data, signature);
        };
    }

    /** The key speaking for {@code replicaId} at {@code slot}, or null for an id outside the ensemble. */
    private byte[] keyFor(int replicaId, long slot) {
        return replicaId >= 0 && replicaId < byReplica.length ? at(replicaId, slot).key() : null;
    }

    private Incarnation at(int replica, long slot) {
        Incarnation[] list = byReplica[replica];
        for (int k = list.length - 1; k > 0; k--) {
            if (list[k].firstSlot() <= slot) {
                return list[k];
            }
        }
        return list[0];
    }

    /**
     * For each replica by id, the incarnation that speaks for it once the epoch changes
     * executed by slot {@code lastDecided} are in effect, with its key: what a replica tells
     * clients. A change this table holds ahead of its execution (a refreshed replica starts
     * with the one that created it) is left out.
     */
    public List<KeyReport.CurrentKey> currentKeys(long lastDecided) {
        long executed = epochExecutedBy(lastDecided);
        List<KeyReport.CurrentKey> keys = new ArrayList<>(byReplica.length);
        for (Incarnation[] list : byReplica) {
            Incarnation current = list[0];
            for (Incarnation i : list) {
                if (i.epoch() <= executed) {
                    current = i;
                }
            }
            keys.add(new KeyReport.CurrentKey(current.epoch(), current.key()));
        }
        return keys;
    }

    /** The latest epoch whose change was executed at or before {@code slot}. */
    public long epochExecutedBy(long slot) {
        for (int k = epochs.length - 1; k > 0; k--) {
            if (epochs[k].executedAt() <= slot) {
                return epochs[k].epoch();
            }
        }
        return epochs[0].epoch();
    }

    /**
     * Why {@code change} cannot be executed at slot {@code slot}, or null when it can: it
     * must be for the epoch after the last one executed before {@code slot}, refresh between
     * 1 and {@code r} distinct replicas with keys never used by another epoch, and carry the
     * authority's valid signature. Deterministic, so every correct replica decides alike.
     */
    public String refusal(EpochChange change, long slot, byte[] authorityKey, Quorums quorums) {
        long next = epochExecutedBy(slot - 1) + 1;
        if (change.epoch() != next) {
            return "epoch " + change.epoch() + " is not the next epoch (" + next + ")";
        }
        if (change.refreshes().size() > Math.max(quorums.r(), 1)) {
            return "refreshes " + change.refreshes().size() + " replicas at once; at most r = " + quorums.r();
        }
        Set<Integer> seen = new HashSet<>();
        for (EpochChange.Refresh refresh : change.refreshes()) {
            int id = refresh.replicaId();
            if (!quorums.isReplica(id) || !seen.add(id)) {
                return "names replica " + id + " twice or outside the ensemble";
            }
            for (Incarnation[] list : byReplica) {
                for (Incarnation i : list) {
                    if (i.epoch() != change.epoch() && Arrays.equals(i.key(), refresh.publicKey())) {
                        return "gives replica " + id + " a key already used";
                    }
                }
            }
        }
        if (authorityKey == null || !Ed25519.verify(authorityKey, change.signedContent(), change.signature())) {
            return "is not signed by the controller";
        }
        return null;
    }

    /**
     * This table with {@code change} executed at slot {@code executedAt}: its epoch and the
     * new keys start at {@code firstSlot}. The same table when it already holds exactly that;
     * what it held from that epoch on is replaced when it held something else.
     */
    public ReplicaKeys with(EpochChange change, long executedAt, long firstSlot) {
        ReplicaKeys base = this;
        int known = indexOfEpoch(change.epoch());
        if (known >= 0) {
            if (holds(known, change, executedAt, firstSlot)) {
                return this;
            }
            base = truncatedFrom(change.epoch());
        }
        return base.appended(change, executedAt, firstSlot);
    }

    private int indexOfEpoch(long epoch) {
        for (int k = 0; k < epochs.length; k++) {
            if (epochs[k].epoch() == epoch) {
                return k;
            }
        }
        return -1;
    }

    private boolean holds(int epochIndex, EpochChange change, long executedAt, long firstSlot) {
        EpochStart e = epochs[epochIndex];
        if (e.executedAt() != executedAt || e.firstSlot() != firstSlot) {
            return false;
        }
        int refreshed = 0;
        for (Incarnation[] list : byReplica) {
            for (Incarnation i : list) {
                refreshed += i.epoch() == change.epoch() ? 1 : 0;
            }
        }
        if (refreshed != change.refreshes().size()) {
            return false;
        }
        for (EpochChange.Refresh refresh : change.refreshes()) {
            if (incarnationOf(refresh.replicaId(), refresh.publicKey()) != change.epoch()) {
                return false;
            }
        }
        return true;
    }

    /** Without the epochs from {@code epoch} on and the incarnations they introduced. */
    private ReplicaKeys truncatedFrom(long epoch) {
        Incarnation[][] next = byReplica.clone();
        for (int r = 0; r < next.length; r++) {
            next[r] = Arrays.stream(next[r]).filter(i -> i.epoch() < epoch || i.epoch() == 0)
                    .toArray(Incarnation[]::new);
        }
        return new ReplicaKeys(next, Arrays.stream(epochs).filter(e -> e.epoch() < epoch)
                .toArray(EpochStart[]::new));
    }

    private ReplicaKeys appended(EpochChange change, long executedAt, long firstSlot) {
        if (change.epoch() <= latestEpoch() || firstSlot < latestEpochStart()) {
            throw new IllegalArgumentException("epoch " + change.epoch() + " cannot follow epoch " + latestEpoch()
                    + " (from slot " + latestEpochStart() + ") and start at slot " + firstSlot);
        }
        Incarnation[][] next = byReplica.clone();
        for (EpochChange.Refresh refresh : change.refreshes()) {
            Incarnation[] list = next[refresh.replicaId()];
            Incarnation[] grown = Arrays.copyOf(list, list.length + 1);
            grown[list.length] = new Incarnation(change.epoch(), firstSlot, refresh.publicKey());
            next[refresh.replicaId()] = grown;
        }
        EpochStart[] grownEpochs = Arrays.copyOf(epochs, epochs.length + 1);
        grownEpochs[epochs.length] = new EpochStart(change.epoch(), executedAt, firstSlot);
        return new ReplicaKeys(next, grownEpochs);
    }

    /** This table without what no slot from {@code slot} on needs (the same object when nothing goes). */
    public ReplicaKeys prunedBefore(long slot) {
        // Called whenever the decided prefix moves: nothing is copied unless something goes.
        Incarnation[][] next = null;
        for (int r = 0; r < byReplica.length; r++) {
            int keep = firstInEffect(byReplica[r], slot);
            if (keep > 0) {
                if (next == null) {
                    next = byReplica.clone();
                }
                next[r] = Arrays.copyOfRange(byReplica[r], keep, byReplica[r].length);
            }
        }
        int firstEpoch = 0;
        while (firstEpoch + 1 < epochs.length && epochs[firstEpoch + 1].firstSlot() <= slot) {
            firstEpoch++;
        }
        if (next == null && firstEpoch == 0) {
            return this;
        }
        return new ReplicaKeys(next == null ? byReplica : next, Arrays.copyOfRange(epochs, firstEpoch, epochs.length));
    }

    private static int firstInEffect(Incarnation[] list, long slot) {
        int k = 0;
        while (k + 1 < list.length && list[k + 1].firstSlot() <= slot) {
            k++;
        }
        return k;
    }

    /**
     * Canonical form: the changes executed up to {@code lastApplied}, of what slots after it
     * need. {@code u32 e | e x (i64 epoch | i64 executedAt | i64 first)
     * | n x (u32 k | k x (i64 epoch | i64 first | 32 key))}.
     */
    public void writeTo(WireWriter w, long lastApplied) {
        ReplicaKeys needed = this;
        long executed = epochExecutedBy(lastApplied);
        if (executed < latestEpoch()) {
            needed = truncatedFrom(executed + 1);
        }
        needed.prunedBefore(lastApplied + 1).writeWholeTo(w);
    }

    /**
     * Everything held, in the form {@link #readFrom} reads: how the controller hands its
     * table to a refreshed replica, which does not know yet from which slot it will need it.
     */
    public void writeWholeTo(WireWriter w) {
        w.i32(epochs.length);
        for (EpochStart e : epochs) {
            w.i64(e.epoch()).i64(e.executedAt()).i64(e.firstSlot());
        }
        for (Incarnation[] list : byReplica) {
            w.i32(list.length);
            for (Incarnation i : list) {
                w.i64(i.epoch()).i64(i.firstSlot()).raw(i.key(), 0, i.key().length);
            }
        }
    }

    /** Reads what {@link #writeTo} wrote for an ensemble of {@code replicas}. */
    public static ReplicaKeys readFrom(WireReader in, int replicas) throws CodecException {
        int count = in.count("epochs", Integer.MAX_VALUE, 24);
        if (count == 0) {
            throw new CodecException(CodecException.Kind.INVALID_FIELD, "no epoch");
        }
        EpochStart[] epochs = new EpochStart[count];
        for (int k = 0; k < count; k++) {
            epochs[k] = new EpochStart(in.nonNegative("epoch"), in.nonNegative("epoch executed at"),
                    in.nonNegative("epoch start"));
            if (k > 0 && (epochs[k].epoch() <= epochs[k - 1].epoch()
                    || epochs[k].firstSlot() < epochs[k - 1].firstSlot())) {
                throw new CodecException(CodecException.Kind.INVALID_FIELD, "epochs out of order");
            }
        }
        Incarnation[][] byReplica = new Incarnation[replicas][];
        for (int r = 0; r < replicas; r++) {
            int n = in.count("incarnations", Integer.MAX_VALUE, 48);
            if (n == 0) {
                throw new CodecException(CodecException.Kind.INVALID_FIELD, "replica " + r + " has no key");
            }
            List<Incarnation> list = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                Incarnation i = new Incarnation(in.nonNegative("incarnation"), in.nonNegative("incarnation start"),
                        in.fixed("key", Ed25519.PUBLIC_KEY_BYTES));
                if (k > 0 && (i.epoch() <= list.get(k - 1).epoch() || i.firstSlot() < list.get(k - 1).firstSlot())) {
                    throw new CodecException(CodecException.Kind.INVALID_FIELD, "incarnations out of order");
                }
                list.add(i);
            }
            byReplica[r] = list.toArray(new Incarnation[0]);
        }
        return new ReplicaKeys(byReplica, epochs);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ReplicaKeys[epoch ").append(latestEpoch()).append(" from slot ")
                .append(latestEpochStart());
        for (int r = 0; r < byReplica.length; r++) {
            b.append(" r").append(r).append(":e").append(byReplica[r][byReplica[r].length - 1].epoch());
        }
        return b.append(']').toString();
    }
}
