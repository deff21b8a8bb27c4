package io.jnnunet.api;

/** Follows a training run and can stop it. */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() {
    };

    /** A line for the user (what nnU-Net prints to its log). */
    default void message(String line) {
    }

    default void epochDone(EpochReport report) {
    }

    /** Asked between iterations: true ends the run after writing {@code checkpoint_latest}. */
    default boolean cancelled() {
        return false;
    }
}
