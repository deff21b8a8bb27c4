package io.jnnunet.api.workflow;

import io.jnnunet.api.ProgressListener;
import java.io.IOException;

/**
 * nnU-Net's {@code nnUNetv2_determine_postprocessing}: finds the dataset.json when it is not given, decides and
 * writes {@code postprocessing.json} and {@code postprocessed/} into the prediction folder.
 */
public interface DeterminePostprocessingWorkflow {

    /**
     * @throws IllegalStateException when no postprocessing is installed
     * @throws IOException naming the file that is missing or unreadable
     */
    PostprocessingReport determinePostprocessing(DeterminePostprocessingRequest request, ProgressListener progress)
            throws IOException;
}
