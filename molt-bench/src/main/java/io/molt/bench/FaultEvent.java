package io.molt.bench;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault to inject at a time into a run: {@code ID@T}, for example {@code 3@10s} kills
 * replica 3 ten seconds into the run, or (a restart) starts it again then.
 */
public record FaultEvent(Kind kind, int replica, Duration at) {

    public enum Kind {
        /** SIGKILL: no shutdown hooks, no flushing. */
        CRASH,
        /** Start a crashed replica's process again, same identity and address. */
        RESTART
    }

    private static final Pattern SPEC = Pattern.compile("(\\d+)@(\\d+)(ms|s|m)?");

    /** Parses {@code ID@T} where T is {@code 500ms}, {@code 10s} (the default unit) or {@code 1m}. */
    public static FaultEvent parse(Kind kind, String spec) {
        Matcher m = SPEC.matcher(spec.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected ID@TIME such as 3@10s, got '" + spec + "'");
        }
        long amount = Long.parseLong(m.group(2));
        String unit = m.group(3) == null ? "s" : m.group(3);
        Duration at = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
        return new FaultEvent(kind, Integer.parseInt(m.group(1)), at);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " " + replica + "@" + at.toMillis() + "ms";
    }
}
