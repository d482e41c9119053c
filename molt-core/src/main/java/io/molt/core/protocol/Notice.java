package io.molt.core.protocol;

/**
 * An event worth logging or counting. {@code replica} is the replica concerned (the
 * suspected proposer, the sender of a bad message), or -1.
 */
public record Notice(Kind kind, long slot, int replica, String detail) {

    public enum Kind {
        /** This replica moved a slot to a new view. */
        VIEW_CHANGE,
        /** A slot was decided in a view above 0. */
        RECOVERED_SLOT,
        /** A proposer was suspended through the total order. */
        SUSPENDED,
        /** A suspended proposer was reinstated. */
        REINSTATED,
        /** Two conflicting messages from one replica for one slot and view. */
        EQUIVOCATION,
        /** A message that no correct replica sends. */
        INVALID_MESSAGE,
        /** This replica is behind its peers and asked for decisions. */
        CATCHING_UP,
        /** A client request was refused. */
        REQUEST_REFUSED,
        /** A checkpoint became stable; older log entries were dropped. */
        CHECKPOINT_STABLE,
        /** This replica fell behind the last certified checkpoint and fetches its state. */
        STATE_TRANSFER_STARTED,
        /** A fetched snapshot was installed. */
        STATE_INSTALLED,
        /** This replica restarted from its own durable state (snapshot, decided log, votes). */
        RECOVERED,
        /** This replica's own state disagrees with a stable checkpoint: it is not correct. */
        STATE_DIVERGED,
        /** An epoch change was executed: replicas were refreshed. */
        EPOCH_CHANGE,
        /** An epoch change was refused (forged, stale, or otherwise invalid). */
        INVALID_EPOCH_CHANGE
    }

    @Override
    public String toString() {
        return kind + (slot >= 0 ? " slot " + slot : "") + (replica >= 0 ? " replica " + replica : "")
                + (detail.isEmpty() ? "" : ": " + detail);
    }
}
