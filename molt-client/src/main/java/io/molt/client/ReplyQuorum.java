package io.molt.client;

import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reply synthesis for one request: the replies received so far, one per replica, and
 * whether enough of them match. An ordered result needs {@code t + 1} replies with the same
 * status, result and {@code (epoch, slot)} (one of them is correct, so it is what the total
 * order produced); a query needs a full agreement quorum with the same status and result.
 * A refusal counts like a result, so one faulty replica cannot fail an operation either.
 */
final class ReplyQuorum {
    private final Map<Integer, Reply> byReplica = new HashMap<>();

    /** Records a reply; returns the reply that now has {@code needed} matches, or null. */
    Reply add(int replica, Reply reply, int needed, boolean query) {
        if (reply.status() == ReplyStatus.BUSY) {
            return null;
        }
        byReplica.put(replica, reply);
        int matching = 0;
        for (Reply other : byReplica.values()) {
            if (matches(reply, other, query)) {
                matching++;
            }
        }
        return matching >= needed ? reply : null;
    }

    /**
     * Whether a query's quorum can still agree given the replies so far (false: give up
     * early). Compares replies as for queries (slot ignored): only queries ask.
     */
    boolean canStillReach(int needed, int n) {
        int best = 0;
        for (Reply r : byReplica.values()) {
            int matching = 0;
            for (Reply other : byReplica.values()) {
                if (matches(r, other, true)) {
                    matching++;
                }
            }
            best = Math.max(best, matching);
        }
        return best + (n - byReplica.size()) >= needed;
    }

    /**
     * The latest epoch that at least {@code needed} of the replies matching {@code agreed}
     * report, so that one of them is correct: the (needed)-th highest of their epochs, or -1
     * when fewer match.
     */
    long vouchedEpoch(Reply agreed, int needed, boolean query) {
        if (!query && agreed.status() != ReplyStatus.REJECTED) {
            return agreed.epoch(); // executed results match on (epoch, slot)
        }
        long[] epochs = byReplica.values().stream().filter(r -> matches(agreed, r, query)).mapToLong(Reply::epoch)
                .sorted().toArray();
        return epochs.length < needed ? -1 : epochs[epochs.length - needed];
    }

    void clear() {
        byReplica.clear();
    }

    int size() {
        return byReplica.size();
    }

    private static boolean matches(Reply a, Reply b, boolean query) {
        if (a.status() != b.status() || !Arrays.equals(a.result(), b.result())) {
            return false;
        }
        // Refusals at arrival carry each replica's own progress in `slot`; executed results
        // carry the slot that ordered them, which must agree.
        return query || a.status() == ReplyStatus.REJECTED || (a.epoch() == b.epoch() && a.slot() == b.slot());
    }
}
