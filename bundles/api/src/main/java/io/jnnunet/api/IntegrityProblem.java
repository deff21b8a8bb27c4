package io.jnnunet.api;

import java.nio.file.Path;

/** One finding of a dataset integrity check: the file it concerns (or the dataset folder) and what is wrong. */
public record IntegrityProblem(Severity severity, Path file, String message) {

    public enum Severity { ERROR, WARNING }

    public static IntegrityProblem error(Path file, String message) {
        return new IntegrityProblem(Severity.ERROR, file, message);
    }

    public static IntegrityProblem warning(Path file, String message) {
        return new IntegrityProblem(Severity.WARNING, file, message);
    }

    @Override
    public String toString() {
        return severity + " " + file + ": " + message;
    }
}
