package io.molt.core.keys;

import java.io.IOException;
import java.nio.file.Path;

/** A key directory file that is missing, invalid, unreadable or in the way. */
public final class KeyDirectoryException extends IOException {

    /** What is wrong with {@link #file()}. */
    public enum Problem {
        /** The file does not exist. */
        MISSING,
        /** The file exists but does not hold what it should (garbled, wrong peer, wrong CA, wrong key). */
        INVALID,
        /** The file could not be read or written. */
        INACCESSIBLE,
        /** The file already exists and overwriting was not asked for. */
        EXISTS
    }

    private final transient Path file;
    private final Problem problem;

    KeyDirectoryException(Problem problem, Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
        this.problem = problem;
    }

    KeyDirectoryException(Problem problem, Path file, String message) {
        this(problem, file, message, null);
    }

    public Path file() {
        return file;
    }

    public Problem problem() {
        return problem;
    }
}
