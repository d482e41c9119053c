package io.molt.client;

import io.molt.core.message.KeyQuery;
import io.molt.core.message.KeyReport;
import io.molt.core.quorum.Quorums;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a client learns refreshed replicas' keys. Replies carry the epoch they were executed
 * in; when the client's replies vouch for an epoch it has not learned the keys of, it asks
 * every replica ({@link KeyQuery}) and adopts each replica's current incarnation and key
 * once {@code t + 1} replicas report it alike (one of them is correct, and a correct
 * replica reports only what an executed, controller-signed epoch change introduced). A
 * query is done when {@code t + 1} replicas sent the same whole report for that epoch or a
 * later one; otherwise it lapses after its patience and the next vouched reply asks again.
 * One query at a time, and one per epoch the replies vouch for.
 *
 * <p>Nothing a single replica sends can make the client adopt a key, refuse a replica, or
 * ask more often. Thread-safe: reports arrive on event loops.
 */
final class KeyLearning {
    private static final Logger log = LoggerFactory.getLogger(KeyLearning.class);

    private final long clientId;
    private final ReplicaIncarnations incarnations;
    private final Quorums quorums;
    private final Consumer<KeyQuery> toEveryReplica;
    private final Consumer<Runnable> afterPatience;
    private final Runnable learned;
    private long lastNonce;
    /** The epoch up to which keys are learned: t + 1 replicas reported alike at it. Written under the lock. */
    private volatile long learnedEpoch = -1;
    private Query open;

    private static final class Query {
        final long nonce;
        final long target;
        final Map<Integer, KeyReport> reports = new HashMap<>();

        Query(long nonce, long target) {
            this.nonce = nonce;
            this.target = target;
        }
    }

    /**
     * @param toEveryReplica sends a query to every replica
     * @param afterPatience runs its argument once a query's patience is over
     * @param learned runs (outside any lock) after a key was adopted
     */
    KeyLearning(long clientId, ReplicaIncarnations incarnations, Quorums quorums, Consumer<KeyQuery> toEveryReplica,
            Consumer<Runnable> afterPatience, Runnable learned) {
        this.clientId = clientId;
        this.incarnations = incarnations;
        this.quorums = quorums;
        this.toEveryReplica = toEveryReplica;
        this.afterPatience = afterPatience;
        this.learned = learned;
    }

    /** Replies vouched that {@code epoch} was executed: ask for its keys unless known or being asked. */
    void vouched(long epoch) {
        if (epoch <= learnedEpoch) {
            return; // every completed operation comes here: no lock on the common path
        }
        Query query;
        synchronized (this) {
            if (epoch <= learnedEpoch || open != null) {
                return;
            }
            query = new Query(++lastNonce, epoch);
            open = query;
        }
        afterPatience.accept(() -> lapse(query));
        toEveryReplica.accept(new KeyQuery(query.nonce));
    }

    /** A report from replica {@code from}; anything not answering the open query is ignored. */
    void onReport(int from, KeyReport report) {
        boolean adopted = false;
        synchronized (this) {
            Query q = open;
            if (q == null || report.nonce() != q.nonce || report.replicaId() != from
                    || report.keys().size() != incarnations.replicas() || !plausible(report)
                    || q.reports.putIfAbsent(from, report) != null) {
                return;
            }
            for (int replica = 0; replica < incarnations.replicas(); replica++) {
                KeyReport.CurrentKey agreed = agreedEntry(q, replica);
                if (agreed != null && incarnations.learn(replica, agreed)) {
                    log.info("client {}: replica {} is now incarnation {} (reported alike by at least {} replicas)",
                            clientId, replica, agreed.incarnation(), quorums.vouch());
                    adopted = true;
                }
            }
            long settled = settledEpoch(q);
            if (settled >= 0) {
                learnedEpoch = Math.max(learnedEpoch, settled);
                open = null;
            }
        }
        if (adopted) {
            learned.run();
        }
    }

    /**
     * A correct replica's current incarnations were all introduced by epochs it executed:
     * a report naming a later one is a lie and counts for nothing.
     */
    private static boolean plausible(KeyReport report) {
        for (KeyReport.CurrentKey key : report.keys()) {
            if (key.incarnation() > report.epoch()) {
                return false;
            }
        }
        return true;
    }

    private synchronized void lapse(Query query) {
        if (open == query) {
            log.debug("client {}: key query {} for epoch {} lapsed with {} reports", clientId, query.nonce,
                    query.target, query.reports.size());
            open = null;
        }
    }

    /** The latest entry for {@code replica} that t + 1 reports agree on, or null. */
    private KeyReport.CurrentKey agreedEntry(Query q, int replica) {
        KeyReport.CurrentKey best = null;
        for (KeyReport candidate : q.reports.values()) {
            KeyReport.CurrentKey entry = candidate.keys().get(replica);
            if (best != null && entry.incarnation() <= best.incarnation()) {
                continue;
            }
            int alike = 0;
            for (KeyReport other : q.reports.values()) {
                alike += other.keys().get(replica).equals(entry) ? 1 : 0;
            }
            if (alike >= quorums.vouch()) {
                best = entry;
            }
        }
        return best;
    }

    /** An epoch at or after the query's target that t + 1 whole reports agree on, or -1. */
    private long settledEpoch(Query q) {
        for (KeyReport candidate : q.reports.values()) {
            if (candidate.epoch() < q.target) {
                continue;
            }
            int alike = 0;
            for (KeyReport other : q.reports.values()) {
                alike += other.epoch() == candidate.epoch() && other.keys().equals(candidate.keys()) ? 1 : 0;
            }
            if (alike >= quorums.vouch()) {
                return candidate.epoch();
            }
        }
        return -1;
    }

    /** The epoch up to which this client learned the keys, or -1. */
    long learnedEpoch() {
        return learnedEpoch;
    }
}
