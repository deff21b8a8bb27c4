package io.jnnunet.api.workflow;

import io.jnnunet.api.ProgressListener;
import java.io.IOException;

/**
 * nnU-Net's {@code nnUNetv2_evaluate_folder}, with instance metrics: finds the dataset.json and the instance references
 * as the command does when they are not given, then evaluates with the installed evaluators (or those named) and
 * writes {@code summary.json}.
 */
public interface EvaluationWorkflow {

    /** The {@link io.jnnunet.api.JobRunner#TYPE} of its jobs. */
    String JOB_TYPE = "evaluate";

    /**
     * @throws IllegalStateException when no folder evaluator is installed
     * @throws IOException naming the file when a dataset.json, plans file, reference or prediction is missing
     */
    EvaluationResult evaluateFolder(EvaluateFolderRequest request, ProgressListener progress) throws IOException;
}
