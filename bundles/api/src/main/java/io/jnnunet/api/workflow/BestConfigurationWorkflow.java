package io.jnnunet.api.workflow;

import io.jnnunet.api.ProgressListener;
import java.io.IOException;

/**
 * nnU-Net's {@code nnUNetv2_find_best_configuration} (without ensembles): the cross-validation results of the trained
 * models, the best one, its postprocessing and {@code inference_instructions.txt}.
 */
public interface BestConfigurationWorkflow {

    /** The {@link io.jnnunet.api.JobRunner#TYPE} of its jobs. */
    String JOB_TYPE = "find-best-configuration";

    /**
     * @throws IllegalStateException when no finder is installed
     * @throws IOException naming the folder when no requested model has a validated fold
     */
    FindBestConfigurationResult findBestConfiguration(FindBestConfigurationRequest request,
            ProgressListener progress) throws IOException;
}
