package io.jnnunet.training.internal;

import ai.djl.Device;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.TrainingRequest;
import io.jnnunet.network.NetworkArchitecture;
import io.jnnunet.djl.ComputeEngine;
import java.nio.file.Path;

/** What a training run is made with: the request, what was read for it, and the services it uses. */
record RunContext(String trainerName, TrainingRequest request, ProgressListener listener, TrainingSetup setup,
        ComputeEngine engine, Device device, NetworkArchitecture architecture) {

    /** The fold folder. */
    Path output() {
        return request.outputFolder();
    }
}
