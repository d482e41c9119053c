package io.molt.bench.check;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides whether a history of kv operations is linearizable, key by key (linearizability
 * is local, so a history is linearizable when each key's is). For one key the search is
 * the Wing–Gong algorithm with Lowe's memoisation, as in Knossos: walk the history's call
 * and return events in time order; at a call, try to linearize that operation now (its
 * result must match the register); at a return of an operation not yet linearized,
 * backtrack. A configuration (set of linearized operations, register value) that failed
 * once is never explored again. An operation that never returned may take effect at any
 * point after its call, or not at all.
 */
public final class Linearizability {

    private Linearizability() {}

    /** The verdict: linearizable, or the key and the operations that could not be ordered. */
    public record Result(boolean linearizable, String key, List<KvOp> history, long configurationsExplored) {
        @Override
        public String toString() {
            if (linearizable) {
                return "linearizable (" + configurationsExplored + " configurations explored)";
            }
            StringBuilder b = new StringBuilder("key " + key + " is not linearizable; its history:");
            history.stream().sorted(Comparator.comparingLong(KvOp::invokedNanos))
                    .forEach(op -> b.append("\n  ").append(op));
            return b.toString();
        }
    }

    /** Checks every key's history; {@code initial} is the value every key starts with (null: absent). */
    public static Result check(Map<String, List<KvOp>> byKey, String initial) {
        long explored = 0;
        for (Map.Entry<String, List<KvOp>> e : new TreeMap<>(byKey).entrySet()) {
            Search search = new Search(e.getValue(), initial);
            boolean ok = search.run();
            explored += search.explored;
            if (!ok) {
                return new Result(false, e.getKey(), e.getValue(), explored);
            }
        }
        return new Result(true, null, List.of(), explored);
    }

    /** The search over one key's history. */
    private static final class Search {
        /** A call or return event in the doubly linked list of events still to explain. */
        private static final class Entry {
            final int op;
            final boolean call;
            final long time;
            Entry match;
            Entry prev;
            Entry next;

            Entry(int op, boolean call, long time) {
                this.op = op;
                this.call = call;
                this.time = time;
            }
        }

        private record Config(BitSet linearized, String state) {}

        private record Frame(Entry call, String stateBefore) {}

        private final List<KvOp> ops;
        private final String initial;
        private final Entry head = new Entry(-1, false, Long.MIN_VALUE);
        private final Set<Config> seen = new HashSet<>();
        private long explored;
        /** Return events still in the list: the search is done when none is left. */
        private int returnsLeft;

        Search(List<KvOp> ops, String initial) {
            this.ops = List.copyOf(ops);
            this.initial = initial;
            List<Entry> events = new ArrayList<>();
            for (int i = 0; i < this.ops.size(); i++) {
                KvOp op = this.ops.get(i);
                Entry call = new Entry(i, true, op.invokedNanos());
                events.add(call);
                if (!op.indeterminate()) {
                    Entry ret = new Entry(i, false, op.returnedNanos());
                    call.match = ret;
                    events.add(ret);
                    returnsLeft++;
                }
            }
            // Calls before returns at equal times: touching operations count as concurrent.
            events.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> !e.call));
            Entry last = head;
            for (Entry e : events) {
                last.next = e;
                e.prev = last;
                last = e;
            }
        }

        boolean run() {
            String state = initial;
            BitSet linearized = new BitSet(ops.size());
            List<Frame> stack = new ArrayList<>();
            Entry entry = head.next;
            while (true) {
                if (returnsLeft == 0) {
                    return true; // every completed operation is linearized
                }
                if (entry != null && entry.call) {
                    Object next = ops.get(entry.op).apply(state);
                    if (next != KvOp.ILLEGAL) {
                        BitSet after = (BitSet) linearized.clone();
                        after.set(entry.op);
                        if (seen.add(new Config(after, (String) next))) {
                            explored++;
                            stack.add(new Frame(entry, state));
                            linearized = after;
                            state = (String) next;
                            unlink(entry);
                            entry = head.next;
                            continue;
                        }
                    }
                    entry = entry.next;
                    continue;
                }
                // A return of an operation not linearized yet (or the end): undo the last choice.
                if (stack.isEmpty()) {
                    return false;
                }
                Frame top = stack.remove(stack.size() - 1);
                relink(top.call());
                linearized.clear(top.call().op);
                state = top.stateBefore();
                entry = top.call().next;
            }
        }

        private void unlink(Entry call) {
            remove(call);
            if (call.match != null) {
                remove(call.match);
                returnsLeft--;
            }
        }

        private static void remove(Entry e) {
            e.prev.next = e.next;
            if (e.next != null) {
                e.next.prev = e.prev;
            }
        }

        /** Puts a call (and its return) back where they were; entries are restored in reverse order of removal. */
        private void relink(Entry call) {
            if (call.match != null) {
                restore(call.match);
                returnsLeft++;
            }
            restore(call);
        }

        private static void restore(Entry e) {
            e.prev.next = e;
            if (e.next != null) {
                e.next.prev = e;
            }
        }
    }
}
