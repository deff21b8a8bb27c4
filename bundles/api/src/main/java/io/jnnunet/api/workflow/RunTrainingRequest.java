package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.api.NnunetPaths;

/**
 * One fold to train, as {@code nnUNetv2_train DATASET CONFIGURATION FOLD [-tr TRAINER] [-p PLANS] [--c] [--val]
 * [--val_best]} asks for it.
 *
 * @param dataset id, name or raw folder
 * @param fold {@code 0} .. {@code 4}, or {@code all}
 * @param trainer {@code -tr} (not given: {@code nnUNetTrainer}), or one of its variants
 * @param plans {@code -p} (not given: {@code nnUNetPlans})
 * @param continueTraining resume from the latest checkpoint ({@code --c})
 * @param epochs the number of epochs instead of the plans' (else nnU-Net's 1000), or {@code null}
 * @param iterations training iterations per epoch instead of the plans' (else 250), or {@code null}
 * @param device {@code cpu}, {@code gpu}, {@code gpu:N}, {@code auto}, or {@code null} for the configured default
 * @param validationOnly only the final validation of a trained fold ({@code --val})
 * @param validateWithBest validate with {@code checkpoint_best} instead of {@code checkpoint_final}
 *     ({@code --val_best})
 * @param trainingSeconds a deadline for the training loop in seconds (the learning-rate schedule follows the elapsed
 *     share of it and the run ends when it is spent), or {@code null}: the plans' own budget, if any
 * @param precision the network's arithmetic: {@code fp32}, or {@code bf16} (mixed precision where the device computes
 *     bfloat16 natively, else fp32); {@code null} for the plans' {@code precision}, else fp32
 */
public record RunTrainingRequest(
        @JsonProperty("dataset") String dataset,
        @JsonProperty("configuration") String configuration,
        @JsonProperty("fold") String fold,
        @JsonProperty("trainer") String trainer,
        @JsonProperty("plans") String plans,
        @JsonProperty("continue_training") boolean continueTraining,
        @JsonProperty("epochs") Integer epochs,
        @JsonProperty("iterations") Integer iterations,
        @JsonProperty("device") String device,
        @JsonProperty("validation_only") boolean validationOnly,
        @JsonProperty("validate_with_best") boolean validateWithBest,
        @JsonProperty("training_seconds") Double trainingSeconds,
        @JsonProperty("precision") String precision) {

    public static final String DEFAULT_TRAINER = "nnUNetTrainer";
    public static final String DEFAULT_PLANS = "nnUNetPlans";

    public RunTrainingRequest {
        Requests.required("dataset", dataset);
        Requests.name("configuration", configuration, null);
        Requests.fold("fold", fold);
        trainer = Requests.name("trainer", trainer, DEFAULT_TRAINER);
        plans = Requests.name("plans", plans, DEFAULT_PLANS);
        Requests.positive("epochs", epochs);
        Requests.positive("iterations", iterations);
        precision = Requests.precision("precision", precision);
        if (trainingSeconds != null && !(trainingSeconds > 0 && trainingSeconds < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("training_seconds must be a positive number of seconds, got "
                    + trainingSeconds);
        }
    }

    /** The same fold with {@code --c}: it continues from the newest checkpoint, or starts anew without one. */
    public RunTrainingRequest continued() {
        return new RunTrainingRequest(dataset, configuration, fold, trainer, plans, true, epochs, iterations, device,
                validationOnly, validateWithBest, trainingSeconds, precision);
    }

    /** The model folder's name, {@code <trainer>__<plans>__<configuration>}. */
    public NnunetPaths.ModelName modelName() {
        return new NnunetPaths.ModelName(trainer, plans, configuration);
    }
}
