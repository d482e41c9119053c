package io.molt.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Collects configuration errors so that all of them are reported at once. Knows the line
 * of every field the YAML contained, and places an error about a missing field on the
 * line of its nearest enclosing field.
 */
final class Problems {
    private final Map<String, Integer> lines;
    private final List<ConfigError> errors = new ArrayList<>();

    Problems(Map<String, Integer> lines) {
        this.lines = lines;
    }

    void add(String field, String message) {
        addAt(field, field, message);
    }

    /** An error whose line is already known. */
    void add(ConfigError error) {
        errors.add(error);
    }

    /** An error about {@code field} that is best shown at the line of {@code where}. */
    void addAt(String field, String where, String message) {
        errors.add(new ConfigError(field, message, lineOf(where)));
    }

    /** Whether an error was reported about {@code field} or anything inside it. */
    boolean reportedAt(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field) || e.field().startsWith(field + ".")
                || e.field().startsWith(field + "["));
    }

    boolean any() {
        return !errors.isEmpty();
    }

    /** In file order; errors without a line first, as they are about the file as a whole. */
    List<ConfigError> sorted() {
        List<ConfigError> out = new ArrayList<>(errors);
        out.sort(Comparator.comparingInt(ConfigError::line));
        return out;
    }

    private int lineOf(String path) {
        for (String p = path; !p.isEmpty(); p = parent(p)) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
