package io.jnnunet.api;

/**
 * Follows a long piece of work (fingerprint, preprocessing, training, prediction, evaluation) and can stop it: the one
 * listener type every stage takes, so a shell, a log, a job on Event Admin or a server can show any of them.
 */
public interface ProgressListener {

    /** Listens to nothing and never cancels. */
    ProgressListener NONE = new ProgressListener() {
    };

    /**
     * @param task what is being done, e.g. {@code fingerprint} or {@code preprocessing 2d}
     * @param done units finished so far
     * @param total units in all
     */
    default void update(String task, long done, long total) {
    }

    /** A line for the user: what nnU-Net prints to its log, time estimates, files written. */
    default void message(String line) {
    }

    /** A training epoch ended. */
    default void epochDone(EpochReport report) {
    }

    /**
     * Asked between units of work (iterations, tiles, cases): true stops the work soon, leaving consistent files
     * behind (a training writes {@code checkpoint_latest}).
     */
    default boolean cancelled() {
        return false;
    }
}
