package io.molt.core.protocol;

import io.molt.core.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Messages for slots just beyond the window, kept until the window reaches them. Replicas
 * drift apart by a few slots all the time; without this, a replica slightly behind would
 * lose its peers' proposals and fall back on timeouts. Bounded in total.
 */
final class FutureBuffer {
    record Held(int from, Message message) {}

    private final int capacity;
    private final TreeMap<Long, List<Held>> bySlot = new TreeMap<>();
    private int size;

    FutureBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Keeps a message; false when the buffer is full and the message was dropped. */
    boolean hold(long slot, int from, Message message) {
        if (size >= capacity) {
            return false;
        }
        bySlot.computeIfAbsent(slot, s -> new ArrayList<>(4)).add(new Held(from, message));
        size++;
        return true;
    }

    /** Removes and returns the messages for slots up to {@code maxSlot}, in slot order. */
    List<Held> release(long maxSlot) {
        if (bySlot.isEmpty() || bySlot.firstKey() > maxSlot) {
            return List.of();
        }
        List<Held> out = new ArrayList<>();
        Map<Long, List<Held>> head = bySlot.headMap(maxSlot, true);
        head.values().forEach(out::addAll);
        head.clear();
        size -= out.size();
        return out;
    }

    int size() {
        return size;
    }
}
