package io.molt.core.config;

/**
 * One thing wrong with a configuration file.
 *
 * @param field the field's path, such as {@code replicas[2].port}; empty for the file as a whole
 * @param message what is wrong and what was expected
 * @param line the 1-based line the error points at, or 0 when it has none (a missing field)
 */
public record ConfigError(String field, String message, int line) {

    /** {@code field: message}, the form users read. */
    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
