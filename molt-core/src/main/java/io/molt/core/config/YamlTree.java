package io.molt.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses YAML into a Jackson tree, remembering the line of every field and list item.
 *
 * <p>The tree is built from the token stream rather than by {@code readTree} for three
 * reasons: errors can name a line; a key given twice is reported like any other error
 * instead of silently keeping one value; and aliases ({@code *name}), which Jackson's
 * streaming parser returns as the bare anchor name, are refused instead of misread.
 */
final class YamlTree {
    /** Deep enough for any sane configuration, shallow enough to bound recursion. */
    private static final int MAX_DEPTH = 32;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[-+]?(0|[1-9][0-9]*)");
    // An empty value ("t:") reads as null, not as an empty string, so it is reported as missing a value.
    private static final YAMLFactory FACTORY = YAMLFactory.builder().loaderOptions(loaderOptions())
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();

    /** A parsed document and the line of each path in it ({@code replicas[2].port}). */
    record Parsed(JsonNode root, Map<String, Integer> lines) {}

    /** The document cannot be parsed at all. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ConfigError error;

        SyntaxError(ConfigError error) {
            super(error.toString(), null, false, false);
            this.error = error;
        }

        ConfigError error() {
            return error;
        }
    }

    private final Map<String, Integer> lines = new HashMap<>();
    private final List<ConfigError> duplicates;

    private YamlTree(List<ConfigError> duplicates) {
        this.duplicates = duplicates;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        // Duplicate keys are found while building the tree, where they can be reported with the rest.
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(MAX_DEPTH);
        return options;
    }

    /**
     * Parses one YAML document; an empty document is an empty mapping.
     *
     * @param duplicates receives an error for each key that appears twice in one mapping
     */
    static Parsed parse(String yaml, List<ConfigError> duplicates) throws SyntaxError {
        YamlTree tree = new YamlTree(duplicates);
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            JsonNode root = parser.nextToken() == null ? NODES.objectNode() : tree.read(parser, "", 0);
            if (parser.nextToken() != null) {
                throw syntax(parser.currentTokenLocation(), "the file holds more than one YAML document"
                        + " (expected exactly one)");
            }
            return new Parsed(root, Map.copyOf(tree.lines));
        } catch (JsonProcessingException e) {
            throw syntax(e);
        } catch (IOException e) {
            // A String source cannot fail to read; anything else is a parse failure.
            throw new SyntaxError(new ConfigError("", "unreadable YAML: " + e.getMessage(), 0));
        }
    }

    private JsonNode read(JsonParser parser, String path, int depth) throws IOException, SyntaxError {
        if (depth > MAX_DEPTH) {
            throw syntax(parser.currentTokenLocation(), "nested more than " + MAX_DEPTH + " levels deep");
        }
        if (((YAMLParser) parser).isCurrentAlias()) {
            throw syntax(parser.currentTokenLocation(), "YAML aliases (*" + parser.getText()
                    + ") are not supported here; write the value out");
        }
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return readMapping(parser, path, depth);
            case START_ARRAY:
                return readList(parser, path, depth);
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                // YAML 1.1 reads 010 as 8 and 0x10 as 16, YAML 1.2 reads 010 as 10: only plain
                // decimal means the same to every reader, so anything else stays text and is refused.
                return PLAIN_DECIMAL.matcher(parser.getText()).matches()
                        ? NODES.numberNode(new BigInteger(parser.getText())) : NODES.textNode(parser.getText());
            case VALUE_NUMBER_FLOAT:
                return floatNode(parser.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT:
                return NODES.binaryNode(parser.getBinaryValue());
            default:
                throw syntax(parser.currentTokenLocation(), "unexpected " + token);
        }
    }

    private JsonNode readMapping(JsonParser parser, String path, int depth) throws IOException, SyntaxError {
        ObjectNode mapping = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String child = path.isEmpty() ? name : path + "." + name;
            int line = parser.currentTokenLocation().getLineNr();
            parser.nextToken();
            JsonNode value = read(parser, child, depth + 1);
            if (mapping.has(name)) {
                duplicates.add(new ConfigError(child, "appears twice (first on line " + lines.get(child)
                        + "); each field may be given once", line));
                continue;
            }
            lines.put(child, line);
            mapping.set(name, value);
        }
        return mapping;
    }

    private JsonNode readList(JsonParser parser, String path, int depth) throws IOException, SyntaxError {
        ArrayNode list = NODES.arrayNode();
        for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
            String child = path + "[" + i + "]";
            lines.put(child, parser.currentTokenLocation().getLineNr());
            list.add(read(parser, child, depth + 1));
        }
        return list;
    }

    /** A float as a number where Java reads it the same way, else as its text (.nan, .inf). */
    private static JsonNode floatNode(String text) {
        try {
            return NODES.numberNode(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return NODES.textNode(text);
        }
    }

    private static SyntaxError syntax(JsonLocation at, String problem) {
        return new SyntaxError(new ConfigError("", problem, at.getLineNr()));
    }

    /** Turns a parser failure into "malformed YAML at column C: problem" on line L. */
    private static SyntaxError syntax(JsonProcessingException e) {
        Optional<MarkedYAMLException> marked = Optional.ofNullable(e.getCause())
                .filter(MarkedYAMLException.class::isInstance).map(MarkedYAMLException.class::cast);
        String problem;
        int line;
        int column;
        if (marked.isPresent() && marked.get().getProblemMark() != null) {
            problem = marked.get().getProblem();
            line = marked.get().getProblemMark().getLine() + 1;
            column = marked.get().getProblemMark().getColumn() + 1;
        } else {
            problem = e.getOriginalMessage().lines().findFirst().orElse("unknown error");
            line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
        }
        return new SyntaxError(new ConfigError("", "malformed YAML at column " + column + ": " + problem
                + hint(problem), line));
    }

    /** snakeyaml's words for the usual mistakes are exact but cryptic. */
    private static String hint(String problem) {
        if (problem.contains("expected <block end>") || problem.contains("mapping values are not allowed here")) {
            return " (check the indentation, and quote values that contain ': ')";
        }
        return "";
    }
}
