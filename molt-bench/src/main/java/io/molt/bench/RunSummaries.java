package io.molt.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** What benchmarks that compare runs of one invocation do with the runs' summaries. */
public final class RunSummaries {
    private RunSummaries() {}

    /** {@code run} with its name first, for the list of runs in a benchmark's summary. */
    public static Map<String, Object> tagged(String name, Map<String, Object> run) {
        Map<String, Object> tagged = new LinkedHashMap<>();
        tagged.put("name", name);
        tagged.putAll(run);
        return tagged;
    }

    /** {@code a[key] / b[key]} to three decimals; 0 when {@code b[key]} is 0. */
    public static double ratio(Map<String, Object> a, Map<String, Object> b, String key) {
        double x = ((Number) a.get(key)).doubleValue();
        double y = ((Number) b.get(key)).doubleValue();
        return y == 0 ? 0 : Math.round(x / y * 1000) / 1000.0;
    }
}
