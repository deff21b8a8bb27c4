package io.jnnunet.training.internal;

import io.jnnunet.api.TrainerSettings;
import io.jnnunet.formats.CheckpointHeader;

/**
 * How long a run trains: epochs, training iterations per epoch, validation iterations per epoch and, for a deadline
 * run, the wall-clock seconds of its training loop. Each comes from the request's override, else from the checkpoint
 * a run resumes (so that a resumed run keeps the schedule it was started with), else from the plans' configuration
 * ({@code num_epochs}, {@code num_iterations_per_epoch}, {@code num_val_iterations_per_epoch},
 * {@code budget.training_seconds}, as the compute-budget planner writes them), else from the trainer variant's
 * settings (nnU-Net's 1000 / 250 / 50 for {@code nnUNetTrainer}, no deadline).
 *
 * <p>An explicit epoch count ({@code --epochs}) is a fixed schedule: the plans' time budget then does not apply, only
 * a time budget the request itself gives. With a time budget the epochs are the first estimate of how many fit.
 *
 * @param trainingSeconds the deadline, or {@code null} for nnU-Net's fixed schedule of {@code epochs}
 */
record Schedule(int epochs, int iterationsPerEpoch, int validationIterationsPerEpoch, Double trainingSeconds) {

    Schedule {
        if (epochs < 1 || iterationsPerEpoch < 1 || validationIterationsPerEpoch < 1) {
            throw new IllegalArgumentException("epochs (" + epochs + "), iterations per epoch (" + iterationsPerEpoch
                    + ") and validation iterations per epoch (" + validationIterationsPerEpoch
                    + ") must be at least 1");
        }
    }

    /**
     * @param secondsOverride the request's time budget, or {@code null}
     * @param resumed the checkpoint's header, or {@code null} for a new run
     * @param variant the trainer variant's settings
     */
    static Schedule of(Integer epochsOverride, Integer iterationsOverride, Double secondsOverride,
            CheckpointHeader resumed, TrainingSetup setup, TrainerSettings variant) {
        return new Schedule(
                first(epochsOverride, resumed == null ? null : resumed.numEpochs(), setup.planned("num_epochs"),
                        variant.numEpochs()),
                first(iterationsOverride, resumed == null ? null : resumed.iterationsPerEpoch(),
                        setup.planned("num_iterations_per_epoch"), variant.numIterationsPerEpoch()),
                first(null, resumed == null ? null : resumed.validationIterationsPerEpoch(),
                        setup.planned("num_val_iterations_per_epoch"), variant.numValIterationsPerEpoch()),
                secondsOverride != null || epochsOverride != null ? secondsOverride
                        : resumed != null ? (resumed.timeBudget() == null ? null
                                : resumed.timeBudget().trainingSeconds())
                        : setup.plannedTrainingSeconds());
    }

    private static int first(Integer override, Integer resumed, Integer planned, int variant) {
        return override != null ? override : resumed != null ? resumed : planned != null ? planned : variant;
    }
}
