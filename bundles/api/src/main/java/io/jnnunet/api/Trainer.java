package io.jnnunet.api;

import java.io.IOException;

/**
 * nnU-Net's {@code nnUNetTrainer}: trains one fold of one configuration, writing nnU-Net's fold folder
 * ({@code checkpoint_best}, {@code checkpoint_final}, {@code checkpoint_latest}, {@code training_log_*.txt},
 * {@code progress.png}, {@code debug.json}). Registered with the property {@value #NAME}.
 */
public interface Trainer {

    String NAME = "trainer.name";

    String name();

    /**
     * Trains, blocking until the run finishes, fails or the listener cancels it.
     *
     * @throws IOException naming the file when data, plans or a checkpoint cannot be read or written
     */
    TrainingResult train(TrainingRequest request, ProgressListener listener) throws IOException;
}
