package io.jnnunet.api.workflow;

import io.jnnunet.api.ProgressListener;
import java.io.IOException;

/**
 * nnU-Net's {@code nnUNetv2_plan_and_preprocess} and its three parts ({@code nnUNetv2_extract_fingerprint},
 * {@code nnUNetv2_plan_experiment}, {@code nnUNetv2_preprocess}) as the steps of one request: the integrity check,
 * {@code dataset_fingerprint.json}, the plans file (configurations of an existing plans file of the same name that the
 * planner does not produce are kept, as nnU-Net keeps custom configurations) and the preprocessed cases.
 */
public interface PlanningWorkflow {

    /** The {@link io.jnnunet.api.JobRunner#TYPE} of its jobs. */
    String JOB_TYPE = "plan-and-preprocess";

    /**
     * Runs the steps asked for on every dataset, one after another; messages say what was written.
     *
     * @throws IllegalStateException naming the command that makes what is missing (a fingerprint, a plans file), or
     *     the feature that installs a missing stage, or the integrity check's errors
     * @throws IOException naming the file that cannot be read or written
     */
    PlanAndPreprocessResult planAndPreprocess(PlanAndPreprocessRequest request, ProgressListener progress)
            throws IOException;
}
