package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Path;

/** A file that cannot be read as an image (corrupt, truncated, unsupported sample format), naming file and problem. */
public class InvalidImageException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public InvalidImageException(Path file, String problem) {
        this(file, problem, null);
    }

    public InvalidImageException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** What is wrong, without the file name (for listings that show the file in a column of its own). */
    public String problem() {
        return problem;
    }
}
