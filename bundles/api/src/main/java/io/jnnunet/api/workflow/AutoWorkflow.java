package io.jnnunet.api.workflow;

import io.jnnunet.api.ProgressListener;
import java.io.IOException;

/**
 * {@code nnunet:auto}: the steps a lab would otherwise run one by one, within one wall-clock budget. Instance labels
 * ({@code labelsTr_instances}) are converted to the core-border recipe into a new dataset (or one converted before is
 * reused), nnU-Net's planner plans and preprocesses 2d, the compute-budget planner plans the network for the minutes
 * left, fold 0 is trained and validated, the instance decoding is tuned on that validation, and a summary says what
 * was chosen and why. Each step calls the workflow service of its own entry point.
 */
public interface AutoWorkflow {

    /** The {@link io.jnnunet.api.JobRunner#TYPE} of its jobs. */
    String JOB_TYPE = "auto";

    /**
     * Runs every step; progress, the reasons for each choice and the summary go to the listener.
     *
     * @throws IllegalStateException naming the step that failed (its cause is the step's error), or when the budget
     *     leaves no time to train
     * @throws IOException naming the step and the file that cannot be read or written
     */
    AutoResult runAuto(AutoRequest request, ProgressListener progress) throws IOException;
}
