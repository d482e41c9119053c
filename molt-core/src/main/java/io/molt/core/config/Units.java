package io.molt.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations ({@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}) and byte sizes ({@code 512},
 * {@code 64KiB}, {@code 16MiB}, {@code 1GiB}) as people write them in configuration and on
 * command lines. Only whole numbers and binary size units: {@code 1MB} would be ambiguous
 * between 10^6 and 2^20 bytes, so it is refused rather than guessed.
 */
public final class Units {
    /** What a size may look like, for error messages. */
    public static final String SIZE_FORMS = "a byte count such as 512, 64KiB, 16MiB or 1GiB";
    /** What a duration may look like, for error messages. */
    public static final String DURATION_FORMS = "a whole number with a unit ms, s, m or h, such as 250ms, 2s or 1m";

    private static final Pattern SIZE = Pattern.compile("(\\d+) ?(B|KiB|MiB|GiB|TiB)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+) ?(ms|s|m|h)");
    private static final Pattern DECIMAL_UNIT = Pattern.compile("\\d+ ?([kKmMgGtT])B");
    private static final String[] SIZE_UNITS = {"TiB", "GiB", "MiB", "KiB"};
    private static final int[] SIZE_SHIFTS = {40, 30, 20, 10};

    private Units() {}

    /**
     * @throws IllegalArgumentException saying what is wrong, such as {@code '16MB' is not a size (...)}
     */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            Matcher decimal = DECIMAL_UNIT.matcher(text.strip());
            String hint = decimal.matches()
                    ? "; units are binary, so write " + decimal.group(1).toUpperCase(Locale.ROOT) + "iB" : "";
            throw new IllegalArgumentException(quote(text) + " is not a size (expected " + SIZE_FORMS + hint + ")");
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            case "TiB" -> 40;
            default -> 0;
        };
        long number = parseNumber(m.group(1), text);
        if (number > (Long.MAX_VALUE >> shift)) {
            throw tooLarge(text);
        }
        return number << shift;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong, such as {@code '400' is not a duration (...)}
     */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(quote(text) + " is not a duration (expected " + DURATION_FORMS + ")");
        }
        long number = parseNumber(m.group(1), text);
        try {
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(number);
                case "s" -> Duration.ofSeconds(number);
                case "m" -> Duration.ofMinutes(number);
                default -> Duration.ofHours(number);
            };
        } catch (ArithmeticException e) {
            throw tooLarge(text);
        }
    }

    /** The shortest exact form: {@code 16MiB}, {@code 1536KiB}, {@code 1000}. */
    public static String formatSize(long bytes) {
        if (bytes > 0) {
            for (int i = 0; i < SIZE_UNITS.length; i++) {
                if ((bytes & ((1L << SIZE_SHIFTS[i]) - 1)) == 0) {
                    return (bytes >> SIZE_SHIFTS[i]) + SIZE_UNITS[i];
                }
            }
        }
        return Long.toString(bytes);
    }

    /**
     * The shortest exact form at millisecond precision: {@code 1h}, {@code 90s}, {@code 250ms}.
     *
     * @throws IllegalArgumentException for negative durations or ones finer than a millisecond
     */
    public static String formatDuration(Duration duration) {
        if (duration.isNegative() || duration.toNanosPart() % 1_000_000 != 0) {
            throw new IllegalArgumentException("cannot write " + duration + " in whole milliseconds");
        }
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis != 0 && millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    private static long parseNumber(String digits, String text) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw tooLarge(text);
        }
    }

    private static IllegalArgumentException tooLarge(String text) {
        return new IllegalArgumentException(quote(text) + " is too large");
    }

    /** A user's text in single quotes, cut short if long, for error messages. */
    static String quote(String text) {
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return "'" + shown + "'";
    }
}
