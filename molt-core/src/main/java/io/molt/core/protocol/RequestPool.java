package io.molt.core.protocol;

import io.molt.core.message.Request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests a replica received directly from their clients and that are not ordered yet.
 *
 * <p>Every request is assigned to one proposer by its key, so proposers do not propose the
 * same request twice; each proposer's share waits in arrival order. A request that waited
 * past the censorship timeout may be proposed by anyone, so a proposer that ignores its
 * share delays it by at most that long. A request in a proposal that this replica accepted
 * is "in flight" and is not proposed again unless that proposal loses its slot.
 */
final class RequestPool {

    /** Outcome of offering a request to the pool. */
    enum Offer { ADDED, ALREADY_HELD, CONFLICT, FULL, CLIENT_FULL }

    static final class Pending {
        final Request request;
        final long arrivedAt;
        long inFlightSlot = -1;
        int owner;

        Pending(Request request, long arrivedAt, int owner) {
            this.request = request;
            this.arrivedAt = arrivedAt;
            this.owner = owner;
        }
    }

    private final int capacity;
    private final int perClient;
    private final Map<Long, Integer> heldPerClient = new HashMap<>();
    private final Map<RequestKey, Pending> all = new HashMap<>();
    private final Map<Integer, LinkedHashMap<RequestKey, Pending>> waitingByOwner = new HashMap<>();
    private int[] proposers;

    /**
     * @param capacity most requests held in all
     * @param perClient most requests held for one client: a correct client never has more
     *     outstanding than its window, and a faulty one must not crowd the others out
     */
    RequestPool(int capacity, int perClient, int[] proposers) {
        this.capacity = capacity;
        this.perClient = perClient;
        this.proposers = proposers.clone();
    }

    int size() {
        return all.size();
    }

    Pending get(RequestKey key) {
        return all.get(key);
    }

    int ownerOf(RequestKey key) {
        return proposers[key.spread() % proposers.length];
    }

    /** Adds a request; {@code force} admits it past capacity (a proposal is waiting for it). */
    Offer offer(Request request, long now, boolean force) {
        RequestKey key = new RequestKey(request.clientId(), request.seq());
        Pending held = all.get(key);
        if (held != null) {
            return Arrays.equals(held.request.payload(), request.payload()) ? Offer.ALREADY_HELD : Offer.CONFLICT;
        }
        if (all.size() >= capacity && !force) {
            return Offer.FULL;
        }
        if (heldPerClient.getOrDefault(request.clientId(), 0) >= perClient && !force) {
            return Offer.CLIENT_FULL;
        }
        Pending p = new Pending(request, now, ownerOf(key));
        all.put(key, p);
        heldPerClient.merge(request.clientId(), 1, Integer::sum);
        queue(p.owner).put(key, p);
        return Offer.ADDED;
    }

    /** Marks a request as part of a proposal for {@code slot}. */
    void markInFlight(RequestKey key, long slot) {
        Pending p = all.get(key);
        if (p != null && p.inFlightSlot < 0) {
            p.inFlightSlot = slot;
            queue(p.owner).remove(key);
        }
    }

    /** The proposal for {@code slot} lost: its requests may be proposed again. */
    void release(RequestKey key, long slot) {
        Pending p = all.get(key);
        if (p != null && p.inFlightSlot == slot) {
            p.inFlightSlot = -1;
            queue(p.owner).put(key, p);
        }
    }

    /** The request was ordered (or can never be): forget it. */
    void remove(RequestKey key) {
        Pending p = all.remove(key);
        if (p != null) {
            heldPerClient.computeIfPresent(key.clientId(), (c, n) -> n > 1 ? n - 1 : null);
        }
        if (p != null && p.inFlightSlot < 0) {
            queue(p.owner).remove(key);
        }
    }

    /**
     * After a snapshot up to {@code slot} was installed: forgets the requests it ordered, and
     * makes proposable again those that were in flight in slots it covered (those slots'
     * proposals will never be delivered here, so nothing else would release them).
     */
    void afterInstall(long slot, java.util.function.Predicate<RequestKey> ordered) {
        List<RequestKey> done = new ArrayList<>();
        for (Map.Entry<RequestKey, Pending> e : all.entrySet()) {
            Pending p = e.getValue();
            if (ordered.test(e.getKey())) {
                done.add(e.getKey());
            } else if (p.inFlightSlot >= 0 && p.inFlightSlot <= slot) {
                p.inFlightSlot = -1;
                queue(p.owner).put(e.getKey(), p);
            }
        }
        for (RequestKey key : done) {
            Pending p = all.get(key);
            p.inFlightSlot = -1; // so that remove() takes it out of its owner's queue too
            remove(key);
        }
    }

    /** Proposers that have requests waiting (not in flight) in their share. */
    List<Integer> ownersWithWaiting() {
        List<Integer> owners = new ArrayList<>(waitingByOwner.size());
        waitingByOwner.forEach((owner, queue) -> {
            if (!queue.isEmpty()) {
                owners.add(owner);
            }
        });
        return owners;
    }

    /** Whether {@code proposer} has anything it could propose now. */
    boolean hasWorkFor(int proposer, long now, long censorshipTimeoutMillis) {
        LinkedHashMap<RequestKey, Pending> own = waitingByOwner.get(proposer);
        if (own != null && !own.isEmpty()) {
            return true;
        }
        for (Map.Entry<Integer, LinkedHashMap<RequestKey, Pending>> e : waitingByOwner.entrySet()) {
            if (e.getKey() != proposer && !e.getValue().isEmpty()) {
                Pending oldest = e.getValue().values().iterator().next();
                if (now - oldest.arrivedAt >= censorshipTimeoutMillis) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Picks requests for a batch of {@code proposer}: its own share first, then anyone's
     * that waited past the censorship timeout, oldest first, within the limits.
     */
    List<Request> take(int proposer, long now, long censorshipTimeoutMillis, int maxRequests, int maxBytes) {
        List<Request> out = new ArrayList<>();
        int[] bytes = {0};
        LinkedHashMap<RequestKey, Pending> own = waitingByOwner.get(proposer);
        if (own != null) {
            drain(own, Long.MAX_VALUE, out, bytes, maxRequests, maxBytes);
        }
        for (Map.Entry<Integer, LinkedHashMap<RequestKey, Pending>> e : waitingByOwner.entrySet()) {
            if (e.getKey() != proposer) {
                drain(e.getValue(), now - censorshipTimeoutMillis, out, bytes, maxRequests, maxBytes);
            }
        }
        return out;
    }

    private static void drain(LinkedHashMap<RequestKey, Pending> queue, long arrivedNoLaterThan, List<Request> out,
            int[] bytes, int maxRequests, int maxBytes) {
        for (Iterator<Pending> it = queue.values().iterator(); it.hasNext() && out.size() < maxRequests;) {
            Pending p = it.next();
            if (p.arrivedAt > arrivedNoLaterThan) {
                return;
            }
            int size = p.request.encodedSize();
            if (!out.isEmpty() && bytes[0] + size > maxBytes) {
                return;
            }
            out.add(p.request);
            bytes[0] += size;
        }
    }

    /** The proposer list changed: reassign every waiting request. */
    void reassign(int[] newProposers) {
        proposers = newProposers.clone();
        List<Pending> waiting = new ArrayList<>();
        for (LinkedHashMap<RequestKey, Pending> q : waitingByOwner.values()) {
            waiting.addAll(q.values());
        }
        waiting.sort((a, b) -> Long.compare(a.arrivedAt, b.arrivedAt));
        waitingByOwner.clear();
        for (Pending p : all.values()) {
            p.owner = ownerOf(new RequestKey(p.request.clientId(), p.request.seq()));
        }
        for (Pending p : waiting) {
            queue(p.owner).put(new RequestKey(p.request.clientId(), p.request.seq()), p);
        }
    }

    private LinkedHashMap<RequestKey, Pending> queue(int owner) {
        return waitingByOwner.computeIfAbsent(owner, o -> new LinkedHashMap<>());
    }
}
