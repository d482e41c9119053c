package io.molt.replica;

import io.molt.core.protocol.Notice;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs the core's notices for operators. Rare, important ones (suspensions, equivocation)
 * always; frequent ones at most a few per second per kind, with a count of those skipped,
 * so a misbehaving peer cannot flood the log.
 */
final class NoticeLog {
    private static final int PER_SECOND = 5;

    private final Logger log;
    private final String prefix;
    private final Map<Notice.Kind, long[]> windows = new EnumMap<>(Notice.Kind.class);
    private final Map<Notice.Kind, Long> totals = new EnumMap<>(Notice.Kind.class);

    NoticeLog(Logger log, String prefix) {
        this.log = log;
        this.prefix = prefix;
    }

    void log(Notice n, long nowMillis) {
        totals.merge(n.kind(), 1L, Long::sum);
        switch (n.kind()) {
            case SUSPENDED, REINSTATED, EQUIVOCATION -> log.warn("{}{}", prefix, n);
            case STATE_DIVERGED -> log.error("{}{}", prefix, n);
            case STATE_TRANSFER_STARTED, STATE_INSTALLED, RECOVERED -> log.info("{}{}", prefix, n);
            case CHECKPOINT_STABLE -> log.debug("{}{}", prefix, n);
            default -> {
                long[] w = windows.computeIfAbsent(n.kind(), k -> new long[3]);
                if (nowMillis - w[0] >= 1000) {
                    if (w[2] > 0) {
                        log.info("{}{} more {} notices in the last second", prefix, w[2], n.kind());
                    }
                    w[0] = nowMillis;
                    w[1] = 0;
                    w[2] = 0;
                }
                if (w[1]++ < PER_SECOND) {
                    log.info("{}{}", prefix, n);
                } else {
                    w[2]++;
                }
            }
        }
    }

    long total(Notice.Kind kind) {
        return totals.getOrDefault(kind, 0L);
    }
}
