package io.jnnunet.api;

/** Told what a prediction does: its time estimate, progress, and whether to stop. */
public interface PredictionListener extends ProgressListener {

    /** Lines for the user: the models used, the time estimate before the work starts, what was written. */
    void message(String line);

    /** Polled between tiles; {@code true} stops the prediction (files already written stay complete). */
    default boolean cancelled() {
        return false;
    }
}
