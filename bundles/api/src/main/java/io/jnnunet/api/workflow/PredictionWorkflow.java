package io.jnnunet.api.workflow;

import io.jnnunet.api.ProgressListener;
import java.io.IOException;

/**
 * nnU-Net's {@code nnUNetv2_predict} on a folder of images with a trained model named as nnU-Net names it (dataset,
 * configuration, plans, trainer), the instance recipe {@code auto} resolved by the {@link InstanceRecipeChooser}.
 */
public interface PredictionWorkflow {

    /** The {@link io.jnnunet.api.JobRunner#TYPE} of its jobs. */
    String JOB_TYPE = "predict";

    /**
     * Predicts every case of the input folder into the output folder.
     *
     * @throws IllegalStateException when no predictor is installed
     * @throws IOException naming the folder or file that is missing or unreadable
     */
    PredictFolderResult predictFolder(PredictFolderRequest request, ProgressListener progress) throws IOException;
}
