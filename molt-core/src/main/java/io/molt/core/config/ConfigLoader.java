package io.molt.core.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code molt.yaml} into a {@link MoltConfig}. Every field is checked; all problems
 * are reported together in one {@link ConfigException}, each naming its field and line.
 * Relative paths in the file are resolved against the file's directory, so a configuration
 * means the same thing whatever directory the command runs from.
 *
 * <p>Loading only parses and checks: it resolves no host names and opens no key files.
 */
public final class ConfigLoader {
    /** A configuration is a few kilobytes; anything this large is the wrong file. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    private ConfigLoader() {}

    /** Loads a file, accepting any well-formed service name. */
    public static MoltConfig load(Path file) throws IOException {
        return load(file, null);
    }

    /**
     * Loads a file for a command line tool: the configuration, or one message saying what is
     * wrong (no such file, unreadable, or every error in it) that can be printed as is.
     */
    public static Result loadForCommand(Path file, Set<String> knownServices) {
        try {
            return new Result(load(file, knownServices), null);
        } catch (ConfigException e) {
            return new Result(null, e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            return new Result(null, "no configuration file at " + file.toAbsolutePath().normalize());
        } catch (IOException e) {
            return new Result(null, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** What {@link #loadForCommand} found: a configuration, or an error to print. */
    public record Result(MoltConfig config, String error) {
        public boolean ok() {
            return config != null;
        }
    }

    /**
     * Loads a file.
     *
     * @param knownServices service names to accept (for example a service registry's names),
     *     so a misspelt one is reported with the rest; null accepts any well-formed name
     * @throws IOException when the file cannot be read
     * @throws ConfigException when the file is not a valid configuration
     */
    public static MoltConfig load(Path file, Set<String> knownServices) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        String source = file.toString();
        long size = Files.size(absolute);
        if (size > MAX_FILE_BYTES) {
            throw new ConfigException(source, List.of(new ConfigError("", "the file is " + size
                    + " bytes (expected a configuration of at most " + Units.formatSize(MAX_FILE_BYTES) + ")", 0)));
        }
        String yaml;
        try {
            yaml = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(absolute))).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(source, List.of(new ConfigError("", "the file is not UTF-8 text", 0)));
        }
        return parse(yaml, absolute.getParent(), source, knownServices);
    }

    /** Parses YAML text; relative paths start from {@code baseDir}. Any well-formed service name is accepted. */
    public static MoltConfig parse(String yaml, Path baseDir) {
        return parse(yaml, baseDir, null, null);
    }

    /**
     * Parses YAML text; relative paths start from {@code baseDir}.
     *
     * @param knownServices service names to accept, or null to accept any well-formed name
     * @throws ConfigException when the text is not a valid configuration
     */
    public static MoltConfig parse(String yaml, Path baseDir, Set<String> knownServices) {
        return parse(yaml, baseDir, null, knownServices);
    }

    private static MoltConfig parse(String yaml, Path baseDir, String source, Set<String> knownServices) {
        String text = yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml;
        List<ConfigError> duplicates = new ArrayList<>();
        YamlTree.Parsed parsed;
        try {
            parsed = YamlTree.parse(text, duplicates);
        } catch (YamlTree.SyntaxError e) {
            throw new ConfigException(source, List.of(e.error()));
        }
        if (!parsed.root().isObject()) {
            throw new ConfigException(source, List.of(new ConfigError("", Section.describe(parsed.root())
                    + " is not a mapping (expected " + ConfigSchema.ROOT_FIELDS + ")", 1)));
        }
        Problems problems = new Problems(parsed.lines());
        duplicates.forEach(problems::add);
        Section root = Section.root(parsed.root(), problems);
        MoltConfig config = new ConfigSchema(problems, baseDir.toAbsolutePath().normalize(), knownServices)
                .read(root);
        if (problems.any()) {
            throw new ConfigException(source, problems.sorted());
        }
        return config;
    }
}
