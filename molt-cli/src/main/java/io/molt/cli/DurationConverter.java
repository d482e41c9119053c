package io.molt.cli;

import io.molt.core.config.Units;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 30s}, {@code 500ms}, {@code 2m}; a bare number means seconds. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim();
        if (v.matches("\\d+")) {
            v = v + "s";
        }
        try {
            return Units.parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (examples: 30s, 500ms, 2m)");
        }
    }
}
