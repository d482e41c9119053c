package io.molt.services.workload;

/**
 * Shape of a synthetic workload; services use what applies to them.
 *
 * @param keySpace distinct keys operations are spread over (uniformly)
 * @param valueBytes size of each written value
 * @param readPercent share of operations that are read-only gets, 0-100
 * @param casPercent share of operations that are compare-and-sets, 0-100; the rest are puts
 */
public record WorkloadOptions(int keySpace, int valueBytes, int readPercent, int casPercent) {

    public static final WorkloadOptions DEFAULT = new WorkloadOptions(10_000, 128, 50, 10);

    public WorkloadOptions {
        if (keySpace < 1) {
            throw new IllegalArgumentException("keySpace must be at least 1: " + keySpace);
        }
        if (valueBytes < 0) {
            throw new IllegalArgumentException("valueBytes must not be negative: " + valueBytes);
        }
        if (readPercent < 0 || casPercent < 0 || readPercent + casPercent > 100) {
            throw new IllegalArgumentException("readPercent and casPercent must be non-negative and sum to at most"
                    + " 100: " + readPercent + " + " + casPercent);
        }
    }
}
