package io.jnnunet.api;

import java.io.IOException;

/**
 * nnU-Net's {@code nnUNetTrainer}: trains one fold of one configuration, writing nnU-Net's fold folder
 * ({@code checkpoint_best}, {@code checkpoint_final}, {@code checkpoint_latest}, {@code training_log_*.txt},
 * {@code progress.png}, {@code debug.json}). Registered with the property {@value #NAME}. The request's
 * {@link TrainingRequest#trainer() trainer} names the {@link TrainerVariant} whose settings the run uses.
 */
public interface Trainer {

    String NAME = "trainer.name";

    String name();

    /**
     * Trains, blocking until the run finishes, fails or the listener cancels it.
     *
     * @throws IllegalStateException naming the installed variants when no trainer variant of the request's name is
     *     installed
     * @throws IOException naming the file when data, plans or a checkpoint cannot be read or written
     */
    TrainingResult train(TrainingRequest request, ProgressListener listener) throws IOException;
}
