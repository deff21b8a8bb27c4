package io.jnnunet.api;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;

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
    TrainingResult train(TrainingRequest request, TrainingListener listener) throws IOException;

    /**
     * Rebuilds the network of a checkpoint this trainer wrote ({@code checkpoint_final.djl}, {@code _best}, ...) for
     * inference, its parameters on the manager's device; the caller closes the manager to free them.
     *
     * @throws IOException naming the file when it is not a complete checkpoint
     * @throws IllegalStateException when the checkpoint's architecture is not installed
     */
    TrainedNetwork loadNetwork(Path checkpoint, NDManager manager) throws IOException;

    /**
     * Seconds of one of this trainer's training iterations (forward, loss, backward, clipping, optimiser step) of the
     * network a plan describes, at a batch and patch size on a device, measured on random data: what a planner that
     * budgets training time needs to know.
     *
     * @param device {@code cpu}, {@code gpu:0}, {@code auto} or {@code null} for the engine's default
     * @throws IllegalStateException when the plan's architecture is not installed
     */
    double secondsPerIteration(ArchitecturePlan architecture, int inputChannels, int numOutputs, int batchSize,
            int[] patchSize, boolean batchDice, String device);
}
