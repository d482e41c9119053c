package io.molt.core.protocol;

import io.molt.core.crypto.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepare or commit votes of one slot: for each (view, digest), the set of replicas that
 * voted for it, as a bit mask (ensembles have at most 64 replicas). A replica's second
 * vote in one view for another digest is refused and reported: a correct replica never
 * casts it. Bounded: past {@code capacity} entries, the lowest view's make room for newer
 * ones.
 */
final class Votes {
    private static final class Entry {
        final int view;
        final Digest digest;
        long voters;

        Entry(int view, Digest digest) {
            this.view = view;
            this.digest = digest;
        }
    }

    /** Outcome of recording a vote. */
    enum Cast { COUNTED, REPEATED, CONFLICTING, FULL }

    private final int capacity;
    private final List<Entry> entries = new ArrayList<>(2);

    Votes(int capacity) {
        this.capacity = capacity;
    }

    Cast add(int view, Digest digest, int replica) {
        long bit = 1L << replica;
        Entry match = null;
        for (Entry e : entries) {
            if (e.view == view) {
                if (e.digest.equals(digest)) {
                    match = e;
                } else if ((e.voters & bit) != 0) {
                    return Cast.CONFLICTING;
                }
            }
        }
        if (match == null) {
            if (entries.size() >= capacity && !evictOlderThan(view)) {
                return Cast.FULL;
            }
            match = new Entry(view, digest);
            entries.add(match);
        }
        if ((match.voters & bit) != 0) {
            return Cast.REPEATED;
        }
        match.voters |= bit;
        return Cast.COUNTED;
    }

    /** Removes {@code replica}'s votes (they came from a key that no longer speaks for it). */
    void forget(int replica) {
        long bit = 1L << replica;
        for (Entry e : entries) {
            e.voters &= ~bit;
        }
        entries.removeIf(e -> e.voters == 0);
    }

    /**
     * Makes room by forgetting the entry of the lowest view, if it is below {@code view}.
     * Views only move up, so when many views pass without a decision (votes lost while the
     * network is bad) the newest votes are the ones that can still decide the slot.
     */
    private boolean evictOlderThan(int view) {
        Entry oldest = null;
        for (Entry e : entries) {
            if (oldest == null || e.view < oldest.view) {
                oldest = e;
            }
        }
        if (oldest == null || oldest.view >= view) {
            return false;
        }
        entries.remove(oldest);
        return true;
    }

    int count(int view, Digest digest) {
        for (Entry e : entries) {
            if (e.view == view && e.digest.equals(digest)) {
                return Long.bitCount(e.voters);
            }
        }
        return 0;
    }

    /** Voters for (view, digest), as a bit mask. */
    long voters(int view, Digest digest) {
        for (Entry e : entries) {
            if (e.view == view && e.digest.equals(digest)) {
                return e.voters;
            }
        }
        return 0;
    }
}
