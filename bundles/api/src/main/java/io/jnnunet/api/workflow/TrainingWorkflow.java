package io.jnnunet.api.workflow;

import io.jnnunet.api.ProgressListener;
import java.io.IOException;

/**
 * nnU-Net's {@code run_training}: trains one fold with the installed {@link io.jnnunet.api.Trainer} (the
 * highest-ranked one, which resolves the {@code -tr} variant), then runs nnU-Net's final validation of the fold with
 * the {@link io.jnnunet.api.Predictor} ({@code fold_X/validation/} and its {@code summary.json}).
 */
public interface TrainingWorkflow {

    /** The {@link io.jnnunet.api.JobRunner#TYPE} of its jobs. */
    String JOB_TYPE = "train";

    /**
     * Trains (unless {@link RunTrainingRequest#validationOnly()}) and validates a finished fold; a cancelled training
     * writes {@code checkpoint_latest} and is not validated. Without a predictor the validation is skipped with a
     * message.
     *
     * @throws IllegalStateException when no trainer is installed
     * @throws IOException naming the file when data, plans or a checkpoint cannot be read or written
     */
    RunTrainingResult runTraining(RunTrainingRequest request, ProgressListener progress) throws IOException;
}
