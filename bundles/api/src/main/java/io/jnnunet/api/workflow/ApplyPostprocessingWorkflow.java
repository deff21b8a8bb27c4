package io.jnnunet.api.workflow;

import io.jnnunet.api.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;

/**
 * nnU-Net's {@code nnUNetv2_apply_postprocessing}: finds the dataset.json when it is not given and applies a
 * {@code postprocessing.json} to every prediction of a folder.
 */
public interface ApplyPostprocessingWorkflow {

    /**
     * @return the folder written
     * @throws IllegalStateException when no postprocessing is installed
     * @throws IOException naming the file that is missing or unreadable
     */
    Path applyPostprocessing(ApplyPostprocessingRequest request, ProgressListener progress) throws IOException;
}
