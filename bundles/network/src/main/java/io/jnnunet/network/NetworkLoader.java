package io.jnnunet.network;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Rebuilds the network of a checkpoint for inference, with the architecture named in it; a service of its own so
 * that prediction needs neither the trainer nor the training feature.
 */
public interface NetworkLoader {

    /**
     * The checkpoint's network ({@code checkpoint_final.djl}, {@code _best}, ..., or nnU-Net's
     * {@code checkpoint_final.pth}), its parameters on the manager's device; the caller closes the manager to free
     * them.
     *
     * @throws IOException naming the file when it is not a complete checkpoint or does not fit its plans
     * @throws IllegalStateException when the checkpoint's architecture is not installed
     */
    TrainedNetwork load(Path checkpoint, NDManager manager) throws IOException;
}
