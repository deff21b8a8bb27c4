package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Path;

/** A file that cannot be read as an image (corrupt, truncated, unsupported sample format), naming file and problem. */
public class InvalidImageException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public InvalidImageException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public InvalidImageException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
