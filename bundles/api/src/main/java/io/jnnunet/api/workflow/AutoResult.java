package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code nnunet:auto} chose, spent and scored.
 *
 * @param sourceDataset the dataset asked for, {@code Dataset001_Cells}
 * @param dataset the dataset trained: the source, or the one its instance labels were converted into
 * @param conversion why the source was converted, reused a conversion, or was trained as it is
 * @param modelFolder {@code nnUNet_results/<dataset>/<trainer>__<plans>__<configuration>}
 * @param budget the wall-clock arithmetic
 * @param stepSeconds each step that ran, in order, to its wall-clock seconds
 * @param totalSeconds the whole run, to compare with the budget
 * @param training how the training ended
 * @param validation the final validation's scores, or {@code null} when it did not run
 * @param tuning the tuned instance decoding, or {@code null} without instance labels
 */
public record AutoResult(
        @JsonProperty("source_dataset") String sourceDataset,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("conversion") String conversion,
        @JsonProperty("plans") String plans,
        @JsonProperty("configuration") String configuration,
        @JsonProperty("fold") String fold,
        @JsonProperty("model_folder") String modelFolder,
        @JsonProperty("plan") Plan plan,
        @JsonProperty("budget") Budget budget,
        @JsonProperty("step_seconds") Map<String, Double> stepSeconds,
        @JsonProperty("total_seconds") double totalSeconds,
        @JsonProperty("training") RunTrainingResult.Training training,
        @JsonProperty("validation") EvaluationResult validation,
        @JsonProperty("tuning") Tuning tuning) {

    public AutoResult {
        stepSeconds = stepSeconds == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(stepSeconds));
    }

    /**
     * The budget plan of the configuration trained.
     *
     * @param network the architecture's name, {@code PlainConvUNet}
     * @param epochs the plan's epochs ({@code num_epochs}), sized for {@link Budget#plannedTrainingSeconds()}
     * @param secondsPerIteration what the planner's probe measured, or {@code null} when the plans do not say
     * @param precision the precision the planner timed and the trainer runs, with its reason
     *     ({@code budget.precision}), or {@code null} when the plans do not say
     */
    public record Plan(
            @JsonProperty("network") String network,
            @JsonProperty("features_per_stage") List<Integer> featuresPerStage,
            @JsonProperty("patch_size") List<Integer> patchSize,
            @JsonProperty("batch_size") Integer batchSize,
            @JsonProperty("epochs") Integer epochs,
            @JsonProperty("iterations_per_epoch") Integer iterationsPerEpoch,
            @JsonProperty("seconds_per_iteration") Double secondsPerIteration,
            @JsonProperty("precision") String precision) {

        public Plan {
            featuresPerStage = featuresPerStage == null ? List.of() : List.copyOf(featuresPerStage);
            patchSize = patchSize == null ? List.of() : List.copyOf(patchSize);
        }
    }

    /**
     * @param budgetSeconds the request's minutes in seconds
     * @param reserveSeconds kept back for what follows the training: final validation and instance tuning
     * @param plannedTrainingSeconds what the budget planner was given: the budget minus the steps before it minus the
     *     reserve
     * @param trainingSeconds what was left for the training when it started (the planner's own probe ran meanwhile)
     * @param trainingEpochs the epochs expected when the training started: the plan's, scaled to
     *     {@code trainingSeconds} (the trainer re-estimates them from its pace and ends at the deadline)
     */
    public record Budget(
            @JsonProperty("budget_seconds") double budgetSeconds,
            @JsonProperty("reserve_seconds") double reserveSeconds,
            @JsonProperty("planned_training_seconds") double plannedTrainingSeconds,
            @JsonProperty("training_seconds") double trainingSeconds,
            @JsonProperty("training_epochs") Integer trainingEpochs) {
    }

    /** The instance decoding tuned on the fold's validation, stored in the model folder's {@code instances.json}. */
    public record Tuning(
            @JsonProperty("recipe") String recipe,
            @JsonProperty("parameters") Map<String, Double> parameters,
            @JsonProperty("score") double score,
            @JsonProperty("default_score") double defaultScore,
            @JsonProperty("cases") int cases,
            @JsonProperty("file") String file) {

        public Tuning {
            parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }
}
