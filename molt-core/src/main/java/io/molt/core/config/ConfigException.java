package io.molt.core.config;

import java.util.List;

/**
 * A configuration file that cannot be used. Carries every error found, not just the first,
 * so one edit can fix them all; the message lists each on its own line.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigError> errors;

    public ConfigException(String source, List<ConfigError> errors) {
        super(format(source, errors), null, false, false);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** The errors, in file order; errors without a line (missing fields) first. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String format(String source, List<ConfigError> errors) {
        StringBuilder sb = new StringBuilder("invalid configuration");
        if (source != null) {
            sb.append(" in ").append(source);
        }
        sb.append(" (").append(errors.size()).append(errors.size() == 1 ? " error):" : " errors):");
        for (ConfigError e : errors) {
            sb.append("\n  ");
            if (e.line() > 0) {
                sb.append("line ").append(e.line()).append(": ");
            }
            sb.append(e);
        }
        return sb.toString();
    }
}
