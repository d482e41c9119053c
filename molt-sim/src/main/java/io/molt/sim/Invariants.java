package io.molt.sim;

import io.molt.core.crypto.Digest;
import java.util.HashMap;
import java.util.Map;

/**
 * The safety properties checked at every step of a run: no two replicas decide different
 * batches for one slot, and replicas that executed a slot hold the same execution digest.
 */
final class Invariants {
    private final Map<Long, Decision> decided = new HashMap<>();
    private final Map<Long, Decision> executed = new HashMap<>();
    private long decisions;

    private record Decision(int replica, Digest digest) {}

    void onDecide(int replica, long slot, Digest digest, long now) {
        decisions++;
        Decision first = decided.putIfAbsent(slot, new Decision(replica, digest));
        if (first != null && !first.digest.equals(digest)) {
            throw new InvariantViolation("agreement: slot " + slot + " decided as " + first.digest + " by replica "
                    + first.replica + " but as " + digest + " by replica " + replica + " at t=" + now + "ms");
        }
    }

    void onExecuted(int replica, long slot, Digest chain, long now) {
        Decision first = executed.putIfAbsent(slot, new Decision(replica, chain));
        if (first != null && !first.digest.equals(chain)) {
            throw new InvariantViolation("execution: after slot " + slot + " replica " + first.replica
                    + " has execution digest " + first.digest + " but replica " + replica + " has " + chain
                    + " at t=" + now + "ms");
        }
    }

    /** A replica installed a fetched snapshot: its execution digest must match the slot's. */
    void onInstalled(int replica, long slot, Digest chain) {
        onExecuted(replica, slot, chain, -1);
    }

    long decisions() {
        return decisions;
    }

    long slotsDecided() {
        return decided.size();
    }
}
