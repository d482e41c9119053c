package io.molt.sim;

import java.util.PriorityQueue;

/**
 * Simulated time: a queue of actions ordered by time, ties broken by scheduling order, so
 * a run is a pure function of its seed.
 */
final class SimScheduler {
    private record Entry(long time, long order, Runnable action) {}

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
    private long now;
    private long order;
    private long steps;

    long now() {
        return now;
    }

    long steps() {
        return steps;
    }

    void at(long time, Runnable action) {
        queue.add(new Entry(Math.max(time, now), order++, action));
    }

    void after(long delay, Runnable action) {
        at(now + delay, action);
    }

    /** Runs the next action; false when nothing is left or the next one is after {@code until}. */
    boolean step(long until) {
        Entry e = queue.peek();
        if (e == null || e.time > until) {
            return false;
        }
        queue.poll();
        now = e.time;
        steps++;
        e.action.run();
        return true;
    }
}
