package io.jnnunet.api.workflow;

import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.SingleImageOptions;
import java.io.IOException;
import java.util.List;

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

    /**
     * The ids of the input folder's cases that {@link #predictFolder} predicts, sorted: the request's {@code cases},
     * else every case in the folder.
     *
     * @throws IOException naming the folder or case when the folder holds no case, a case lacks a channel, or a
     *     named case is not in the folder
     */
    List<String> cases(PredictFolderRequest request) throws IOException;

    /**
     * The options a single image of a loaded model ({@link io.jnnunet.api.Predictor#load}) is predicted with, as
     * {@link #predictFolder} would predict it: the instance recipe {@code auto} resolved, an object diameter turned
     * into the zoom to the training median diameter.
     *
     * @param instances a recipe's name, {@code auto}, or {@code null} for the semantic mask
     * @param objectDiameter pixels, {@code auto}, or {@code null} for native scale
     * @throws IOException naming the file when the model folder's dataset.json or fingerprint cannot be read
     */
    SingleImageOptions singleImageOptions(String dataset, NnunetPaths.ModelName model, String instances,
            String objectDiameter, boolean mirroring, double stepSize) throws IOException;
}
