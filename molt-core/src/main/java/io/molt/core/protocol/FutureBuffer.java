package io.molt.core.protocol;

import io.molt.core.message.Message;
import io.molt.core.message.NewView;
import io.molt.core.message.Propose;
import io.molt.core.message.ViewState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Messages for slots just beyond the window, kept until the window reaches them. Replicas
 * drift apart by a few slots all the time; without this, a replica slightly behind would
 * lose its peers' proposals and fall back on timeouts.
 *
 * <p>Each sender has its own quota of messages and bytes: nothing in a message beyond the
 * window can be checked yet, so a faulty replica must not be able to crowd out the correct
 * ones (or fill memory).
 */
final class FutureBuffer {
    private record Held(Event.FromReplica event, long bytes) {}

    private final int messagesPerSender;
    private final long bytesPerSender;
    private final int[] messages;
    private final long[] bytes;
    private final TreeMap<Long, List<Held>> bySlot = new TreeMap<>();
    private int size;

    FutureBuffer(int senders, int messagesPerSender, long bytesPerSender) {
        this.messagesPerSender = messagesPerSender;
        this.bytesPerSender = bytesPerSender;
        this.messages = new int[senders];
        this.bytes = new long[senders];
    }

    /** Keeps a message; false when its sender's quota is used up and the message was dropped. */
    boolean hold(long slot, Event.FromReplica event) {
        int from = event.from();
        long cost = approximateBytes(event.message());
        if (messages[from] >= messagesPerSender || bytes[from] + cost > bytesPerSender) {
            return false;
        }
        bySlot.computeIfAbsent(slot, s -> new ArrayList<>(4)).add(new Held(event, cost));
        messages[from]++;
        bytes[from] += cost;
        size++;
        return true;
    }

    /** Removes and returns the messages for slots up to {@code maxSlot}, in slot order. */
    List<Event.FromReplica> release(long maxSlot) {
        if (bySlot.isEmpty() || bySlot.firstKey() > maxSlot) {
            return List.of();
        }
        List<Event.FromReplica> out = new ArrayList<>();
        Map<Long, List<Held>> head = bySlot.headMap(maxSlot, true);
        for (List<Held> held : head.values()) {
            for (Held h : held) {
                messages[h.event().from()]--;
                bytes[h.event().from()] -= h.bytes();
                out.add(h.event());
            }
        }
        head.clear();
        size -= out.size();
        return out;
    }

    int size() {
        return size;
    }

    /** Roughly what a held message occupies: its batches dominate. */
    private static long approximateBytes(Message m) {
        long batch = 0;
        if (m instanceof Propose p) {
            batch = p.batch().encoded().length;
        } else if (m instanceof NewView nv) {
            batch = nv.batch().encoded().length + 200L * nv.states().size();
        } else if (m instanceof ViewState vs && vs.valBatch() != null) {
            batch = vs.valBatch().encoded().length;
        }
        return 128 + batch;
    }
}
