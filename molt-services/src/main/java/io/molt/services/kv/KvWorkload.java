package io.molt.services.kv;

import io.molt.services.workload.Workload;
import io.molt.services.workload.WorkloadOp;
import io.molt.services.workload.WorkloadOptions;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Random;

/**
 * A key-value load: gets (as read-only queries), puts and create-if-absent compare-and-sets
 * over keys {@code key-00000000} .. spread uniformly over the key space, with random values
 * of a fixed size.
 */
public final class KvWorkload implements Workload {
    private final WorkloadOptions options;

    public KvWorkload(WorkloadOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The key of index {@code i >= 0}: {@code key-} and at least eight digits, so keys sort in index order. */
    public static byte[] key(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("key index must not be negative: " + i);
        }
        // Cheaper than String.format, which would cost a load generator noticeable time per operation.
        String digits = Integer.toString(i);
        String padding = "00000000".substring(Math.min(8, digits.length()));
        return ("key-" + padding + digits).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public WorkloadOp next(Random random) {
        byte[] key = key(random.nextInt(options.keySpace()));
        int dice = random.nextInt(100);
        if (dice < options.readPercent()) {
            return new WorkloadOp("get", KvCommands.get(key), true);
        }
        byte[] value = new byte[options.valueBytes()];
        random.nextBytes(value);
        if (dice < options.readPercent() + options.casPercent()) {
            return new WorkloadOp("cas", KvCommands.cas(key, null, value), false);
        }
        return new WorkloadOp("put", KvCommands.put(key, value), false);
    }
}
