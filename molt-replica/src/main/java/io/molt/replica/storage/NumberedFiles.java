package io.molt.replica.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Files of a data directory named with a number ({@code journal-<n>.log}, {@code snapshot-<slot>.snap}). */
final class NumberedFiles {
    private NumberedFiles() {}

    /** The numbers of the files in {@code dir} whose names match {@code name} (group 1 is the number), ascending. */
    static List<Long> in(Path dir, Pattern name) throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = name.matcher(p.getFileName().toString());
                if (m.matches()) {
                    numbers.add(Long.parseLong(m.group(1)));
                }
            }
        }
        numbers.sort(null);
        return numbers;
    }
}
