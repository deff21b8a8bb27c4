package io.jnnunet.api;

import java.nio.file.Path;

/**
 * One fold to train, as {@code nnUNetv2_train DATASET CONFIGURATION FOLD -p PLANS -tr TRAINER [--c]} asks for it.
 *
 * @param preprocessedDataset {@code nnUNet_preprocessed/DatasetXXX_Name}: plans, dataset.json, splits, data
 * @param outputFolder {@code nnUNet_results/DatasetXXX_Name/<trainer>__<plans>__<configuration>/fold_<fold>}
 * @param trainer the trainer as {@code -tr} names it: {@code nnUNetTrainer} or one of its variants
 *     ({@code nnUNetTrainer_250epochs}, a lab's own: a {@link TrainerVariant} service of that name), whose name the
 *     checkpoints record; {@code null} for {@code nnUNetTrainer}
 * @param fold {@code 0} .. {@code 4}, or {@code all} (train on every case, validate on them too)
 * @param continueTraining resume from the latest checkpoint ({@code --c})
 * @param epochs overrides the plans' (or the trainer variant's, nnU-Net's 1000) number of epochs, or {@code null}
 * @param iterationsPerEpoch overrides the plans' (or the trainer variant's, nnU-Net's 250) iterations per epoch, or
 *     {@code null}
 * @param device {@code cpu}, {@code gpu:0}, {@code auto} or {@code null} for the engine's default
 * @param trainingSeconds a deadline: wall-clock seconds the training loop may take (the learning rate follows the
 *     elapsed share of it, the run ends when it is spent, epochs become an estimate); {@code null} for the plans'
 *     {@code budget.training_seconds} when they have one and {@code epochs} is not given, else none
 * @param precision the forward pass's arithmetic, {@code fp32} or {@code bf16} (mixed precision, where the device
 *     computes bfloat16 natively, else fp32); {@code null} for the plans' {@code precision}, else fp32
 */
public record TrainingRequest(
        Path preprocessedDataset,
        Path outputFolder,
        String trainer,
        String plansName,
        String configuration,
        String fold,
        boolean continueTraining,
        Integer epochs,
        Integer iterationsPerEpoch,
        String device,
        Double trainingSeconds,
        String precision) {

    public TrainingRequest {
        if (trainingSeconds != null && !(trainingSeconds > 0 && trainingSeconds < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("trainingSeconds must be a positive number of seconds, got "
                    + trainingSeconds);
        }
    }
}
