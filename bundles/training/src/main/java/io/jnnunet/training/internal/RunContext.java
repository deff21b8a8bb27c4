package io.jnnunet.training.internal;

import ai.djl.Device;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.TrainerSettings;
import io.jnnunet.api.TrainingRequest;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.PrecisionChoice;
import io.jnnunet.network.NetworkArchitecture;
import io.jnnunet.training.internal.data.TrainingData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * What a training run is made with: the trainer variant (its name, recorded as {@code trainer_name}, and its
 * settings), the request, what was read for it, the services it uses, and the precision its forward passes run in.
 */
record RunContext(String trainerName, TrainerSettings settings, TrainingRequest request, ProgressListener listener,
        TrainingSetup setup, ComputeEngine engine, Device device, NetworkArchitecture architecture,
        PrecisionChoice precision) {

    /** The fold folder. */
    Path output() {
        return request.outputFolder();
    }

    /**
     * The scales of the loss's targets, full resolution first: nnU-Net's deep-supervision scales, or the full
     * resolution alone when the variant turns deep supervision off.
     */
    double[][] targetScales() {
        if (!settings.enableDeepSupervision()) {
            double[] full = new double[setup.dimensions()];
            Arrays.fill(full, 1);
            return new double[][] {full};
        }
        return TrainingData.deepSupervisionScales(setup.configuration().architecture().archKwargs().strides());
    }

    /** nnU-Net's {@code inference_allowed_mirroring_axes}: every spatial axis, none if the variant does not mirror. */
    int[] mirroringAxes() {
        return settings.mirroring() ? IntStream.range(0, setup.dimensions()).toArray() : new int[0];
    }
}
