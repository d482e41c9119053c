package io.molt.core.protocol;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.WireReader;
import io.molt.core.codec.WireWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which request sequence numbers of each client have been ordered (or executed), over a
 * sliding window of the client's most recent {@code window} numbers. A client may have
 * many requests in flight and they may be ordered out of sequence; a number older than the
 * window is treated as expired and is never executed, which bounds the memory per client.
 *
 * <p>Deterministic: it is a function of the decided sequence, so every replica classifies a
 * request the same way at the same slot.
 */
public final class ClientWindows {

    /** How a request's sequence number relates to what has already been ordered. */
    public enum Standing {
        /** Not seen yet: it may be ordered. */
        NEW,
        /** Already ordered once: a duplicate. */
        DONE,
        /** Older than the client's window: never to be ordered. */
        EXPIRED
    }

    private final int window;
    private final Map<Long, Window> clients = new HashMap<>();

    public ClientWindows(int window) {
        if (window < 1 || window > 1 << 16) {
            throw new IllegalArgumentException("client window out of range: " + window);
        }
        this.window = window;
    }

    public int window() {
        return window;
    }

    public Standing standing(long clientId, long seq) {
        Window w = clients.get(clientId);
        return w == null ? Standing.NEW : w.standing(seq);
    }

    /** Records {@code seq} as ordered; returns its standing before the call. */
    public Standing mark(long clientId, long seq) {
        Window w = clients.computeIfAbsent(clientId, id -> new Window(window));
        Standing before = w.standing(seq);
        if (before == Standing.NEW) {
            w.mark(seq);
        }
        return before;
    }

    /**
     * Writes the table canonically (clients in id order):
     * {@code u32 n | n x (i64 client | i64 high | u32 words | words x i64 bits)}.
     */
    public void writeTo(WireWriter w) {
        TreeMap<Long, Window> sorted = new TreeMap<>(clients);
        w.i32(sorted.size());
        for (Map.Entry<Long, Window> e : sorted.entrySet()) {
            Window win = e.getValue();
            w.i64(e.getKey()).i64(win.high).i32(win.bits.length);
            for (long word : win.bits) {
                w.i64(word);
            }
        }
    }

    /** Replaces the table with one {@link #writeTo} wrote, for the same window size. */
    public void readFrom(WireReader in) throws CodecException {
        int n = in.count("client windows", Integer.MAX_VALUE, 20);
        Map<Long, Window> read = new HashMap<>();
        for (int i = 0; i < n; i++) {
            long clientId = in.i64("client id");
            Window win = new Window(window);
            win.high = in.i64("client high");
            int words = in.count("client window words", win.bits.length, 8);
            if (words != win.bits.length) {
                throw new CodecException(CodecException.Kind.INVALID_FIELD, "client window of " + words
                        + " words, this replica uses " + win.bits.length);
            }
            for (int k = 0; k < words; k++) {
                win.bits[k] = in.i64("client window bits");
            }
            read.put(clientId, win);
        }
        clients.clear();
        clients.putAll(read);
    }

    /** Forgets every client (before a snapshot's table replaces this one). */
    public void clear() {
        clients.clear();
    }

    /** Highest sequence number ordered for a client, or -1. */
    public long highest(long clientId) {
        Window w = clients.get(clientId);
        return w == null ? -1 : w.high;
    }

    /** Clients with any history, for canonical digests of the table. */
    public Map<Long, Window> view() {
        return java.util.Collections.unmodifiableMap(clients);
    }

    /** One client's window: a ring of bits for sequence numbers {@code (high - size, high]}. */
    public static final class Window {
        private final long[] bits;
        private final int size;
        private long high = -1;

        Window(int size) {
            this.size = size;
            this.bits = new long[(size + 63) >>> 6];
        }

        Standing standing(long seq) {
            if (seq > high) {
                return Standing.NEW;
            }
            if (seq <= high - size) {
                return Standing.EXPIRED;
            }
            return get(seq) ? Standing.DONE : Standing.NEW;
        }

        void mark(long seq) {
            if (seq > high) {
                long distance = high < 0 ? size : seq - high;
                if (distance >= size) {
                    java.util.Arrays.fill(bits, 0L);
                } else {
                    for (long s = high + 1; s <= seq; s++) {
                        clear(s);
                    }
                }
                high = seq;
            }
            set(seq);
        }

        public long high() {
            return high;
        }

        /** Whether {@code seq}, inside the window, has been ordered. */
        public boolean isDone(long seq) {
            return standing(seq) == Standing.DONE;
        }

        public int size() {
            return size;
        }

        private int index(long seq) {
            return (int) Math.floorMod(seq, (long) size);
        }

        private boolean get(long seq) {
            int i = index(seq);
            return (bits[i >>> 6] & (1L << (i & 63))) != 0;
        }

        private void set(long seq) {
            int i = index(seq);
            bits[i >>> 6] |= 1L << (i & 63);
        }

        private void clear(long seq) {
            int i = index(seq);
            bits[i >>> 6] &= ~(1L << (i & 63));
        }
    }
}
