package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a run of training and validation ended.
 *
 * @param foldFolder {@code nnUNet_results/<dataset>/<trainer>__<plans>__<configuration>/fold_X}
 * @param training how the training ended, or {@code null} when only the validation was asked for
 * @param validation the final validation's scores, or {@code null} when it did not run (training stopped early, no
 *     predictor installed)
 */
public record RunTrainingResult(
        @JsonProperty("fold_folder") String foldFolder,
        @JsonProperty("training") Training training,
        @JsonProperty("validation") EvaluationResult validation) {

    /**
     * @param finished true when every epoch ran; false when the training was cancelled ({@code checkpoint_latest}
     *     was written, so {@code continue_training} resumes it)
     */
    public record Training(
            @JsonProperty("epochs_completed") int epochsCompleted,
            @JsonProperty("finished") boolean finished,
            @JsonProperty("best_ema_pseudo_dice") double bestEmaPseudoDice,
            @JsonProperty("final_ema_pseudo_dice") double finalEmaPseudoDice) {
    }
}
