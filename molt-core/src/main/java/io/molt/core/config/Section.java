package io.molt.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One YAML mapping, read field by field with types and ranges checked. Problems go to
 * {@link Problems} and the read returns {@code null}, so reading carries on and every error
 * in the file is found in one pass.
 *
 * <p>Every field the schema asks for is remembered, so {@link #rejectUnknown} knows the
 * schema without a separate list that could drift from the code that reads it.
 */
final class Section {
    private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** Octal, hex or underscored integers, which YAML readers disagree about. */
    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+]?[0-9][0-9A-Za-z_]*");

    private final JsonNode node;
    private final String path;
    private final Problems problems;
    private final Set<String> known = new LinkedHashSet<>();

    private Section(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** The document's top level, a mapping. */
    static Section root(JsonNode root, Problems problems) {
        return new Section(root, "", problems);
    }

    String path() {
        return path;
    }

    String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Whether the file gives the field at all. */
    boolean has(String field) {
        known.add(field);
        return node.has(field);
    }

    /** Reports the field as missing unless the file gives it. */
    void require(String field, String expectation) {
        if (!has(field)) {
            problems.add(pathOf(field), "missing required field (expected " + expectation + ")");
        }
    }

    /** The field's value, or null when absent; an explicit empty value is reported. */
    private JsonNode value(String field, String expectation) {
        known.add(field);
        JsonNode v = node.get(field);
        if (v != null && v.isNull()) {
            problems.add(pathOf(field), "has no value (expected " + expectation + ")");
            return null;
        }
        return v;
    }

    /** An integer in {@code [min, max]}; out of range it "is out of range". */
    Long integer(String field, long min, long max) {
        return integer(field, min, max, "out of range");
    }

    /**
     * An integer in {@code [min, max]}.
     *
     * @param outOfRange what to call a value outside the range, such as {@code "not a port"}
     */
    Long integer(String field, long min, long max, String outOfRange) {
        JsonNode v = value(field, "an integer, " + expected(min, max, min));
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            String kind = v.isTextual() && NUMBER_LIKE.matcher(v.textValue()).matches() ? "a plain decimal integer"
                    : "an integer";
            problems.add(pathOf(field), describe(v) + " is not " + kind + " (expected " + expected(min, max, min)
                    + ")");
            return null;
        }
        BigInteger big = v.bigIntegerValue();
        long value = big.max(LONG_MIN).min(LONG_MAX).longValue();
        if (big.compareTo(LONG_MIN) < 0 || big.compareTo(LONG_MAX) > 0 || value < min || value > max) {
            problems.add(pathOf(field), big + " is " + outOfRange + " (expected " + expected(min, max, value) + ")");
            return null;
        }
        return value;
    }

    /** A byte size, written as a plain number of bytes or with a binary unit, in {@code [min, max]}. */
    Long size(String field, long min, long max) {
        JsonNode v = value(field, Units.SIZE_FORMS);
        if (v == null) {
            return null;
        }
        long bytes;
        try {
            if (v.isIntegralNumber()) {
                if (!v.canConvertToLong()) {
                    throw new IllegalArgumentException(v.asText() + " is too large");
                }
                bytes = v.longValue();
            } else if (v.isTextual()) {
                bytes = Units.parseSize(v.textValue());
            } else {
                throw new IllegalArgumentException(describe(v) + " is not a size (expected " + Units.SIZE_FORMS + ")");
            }
        } catch (IllegalArgumentException e) {
            problems.add(pathOf(field), e.getMessage());
            return null;
        }
        if (bytes < min || bytes > max) {
            problems.add(pathOf(field), v.asText() + " is out of range (expected " + Units.formatSize(min) + "-"
                    + Units.formatSize(max) + ")");
            return null;
        }
        return bytes;
    }

    /** A duration with a unit ({@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}) in {@code [min, max]}. */
    Duration duration(String field, Duration min, Duration max) {
        JsonNode v = value(field, Units.DURATION_FORMS);
        if (v == null) {
            return null;
        }
        Duration d;
        try {
            if (!v.isTextual()) {
                throw new IllegalArgumentException(describe(v) + " is not a duration (expected "
                        + Units.DURATION_FORMS + ")");
            }
            d = Units.parseDuration(v.textValue());
        } catch (IllegalArgumentException e) {
            problems.add(pathOf(field), e.getMessage());
            return null;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problems.add(pathOf(field), v.textValue() + " is out of range (expected " + Units.formatDuration(min)
                    + "-" + Units.formatDuration(max) + ")");
            return null;
        }
        return d;
    }

    /** A string. */
    String string(String field, String expectation) {
        JsonNode v = value(field, expectation);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            problems.add(pathOf(field), describe(v) + " is not a string (expected " + expectation + ")");
            return null;
        }
        return v.textValue();
    }

    /** A boolean, written {@code true} or {@code false}. */
    Boolean bool(String field, String expectation) {
        JsonNode v = value(field, expectation);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            problems.add(pathOf(field), describe(v) + " is not a boolean (expected " + expectation + ")");
            return null;
        }
        return v.booleanValue();
    }

    /** A directory, resolved against {@code baseDir} when relative. */
    Path directory(String field, Path baseDir, String expectation) {
        String text = string(field, expectation);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            problems.add(pathOf(field), "is empty (expected " + expectation + ")");
            return null;
        }
        try {
            return baseDir.resolve(Path.of(text)).normalize();
        } catch (InvalidPathException e) {
            problems.add(pathOf(field), Units.quote(text) + " is not a valid path (" + e.getReason() + ")");
            return null;
        }
    }

    /** A nested mapping; absent or empty, a section with no fields, so every field takes its default. */
    Section section(String field, String expectation) {
        known.add(field);
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return new Section(EMPTY, pathOf(field), problems);
        }
        if (!v.isObject()) {
            problems.add(pathOf(field), describe(v) + " is not a mapping (expected " + expectation + ")");
            return new Section(EMPTY, pathOf(field), problems);
        }
        return new Section(v, pathOf(field), problems);
    }

    /**
     * A list of mappings; null when absent or not a list. An item that is not a mapping is
     * reported and left out, so the list may be shorter than the file's; {@link #listLength}
     * tells the file's length.
     */
    List<Section> list(String field, String expectation, String itemExpectation) {
        JsonNode v = value(field, expectation);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            problems.add(pathOf(field), describe(v) + " is not a list (expected " + expectation + ")");
            return null;
        }
        List<Section> items = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String itemPath = pathOf(field) + "[" + i + "]";
            JsonNode item = v.get(i);
            if (item.isObject()) {
                items.add(new Section(item, itemPath, problems));
            } else {
                problems.add(itemPath, describe(item) + " is not a mapping (expected " + itemExpectation + ")");
            }
        }
        return items;
    }

    /** How many items the file lists under {@code field}, whatever they are. */
    int listLength(String field) {
        JsonNode v = node.get(field);
        return v != null && v.isArray() ? v.size() : 0;
    }

    /** Reports every field the schema did not ask for, with the likely intended name. */
    void rejectUnknown() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String hint = Suggestions.closest(name, known).map(s -> "did you mean " + s + "?")
                        .orElse("expected one of: " + String.join(", ", known));
                problems.add(pathOf(name), "unknown field (" + hint + ")");
            }
        }
    }

    /** How a value reads in an error message. */
    static String describe(JsonNode v) {
        if (v.isTextual()) {
            return Units.quote(v.textValue());
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isBinary()) {
            return "binary data";
        }
        return "an empty value";
    }

    /**
     * The accepted range in words. Ranges bounded only by the integer type read as "N or
     * more", unless the value is above them.
     */
    private static String expected(long min, long max, long value) {
        if (max >= Integer.MAX_VALUE) {
            return value > max ? "at most " + max : min + " or more";
        }
        return min + "-" + max;
    }
}
