package io.molt.bench.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A thread-safe record of kv operations, per key, for {@link Linearizability}. */
public final class KvHistory {
    private final Map<String, List<KvOp>> byKey = new HashMap<>();
    private long count;

    public synchronized void add(String key, KvOp op) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(op);
        count++;
    }

    public synchronized Map<String, List<KvOp>> byKey() {
        Map<String, List<KvOp>> copy = new HashMap<>();
        byKey.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    public synchronized long size() {
        return count;
    }

    /** Operations whose outcome is unknown (the client gave up on them). */
    public synchronized long indeterminate() {
        return byKey.values().stream().flatMap(List::stream).filter(KvOp::indeterminate).count();
    }
}
