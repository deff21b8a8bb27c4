package io.jnnunet.api;

/** Told how far a long piece of work has come, so a shell, a log or a server can show it. */
@FunctionalInterface
public interface ProgressListener {

    /** Listens to nothing. */
    ProgressListener NONE = (task, done, total) -> { };

    /**
     * @param task what is being done, e.g. {@code fingerprint} or {@code preprocessing 2d}
     * @param done units finished so far
     * @param total units in all
     */
    void update(String task, long done, long total);
}
