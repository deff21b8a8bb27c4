package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What find-best-configuration compared, chose and wrote.
 *
 * @param candidates the models compared, in the order tried
 * @param best the winner's model identifier ({@code trainer__plans__configuration})
 * @param postprocessing the winner's postprocessing decision
 * @param instructions the text of {@code inference_instructions.txt}
 * @param notes what was skipped and why
 */
public record FindBestConfigurationResult(
        @JsonProperty("results_folder") String resultsFolder,
        @JsonProperty("candidates") List<Candidate> candidates,
        @JsonProperty("best") String best,
        @JsonProperty("postprocessing") PostprocessingReport postprocessing,
        @JsonProperty("inference_information") String inferenceInformation,
        @JsonProperty("inference_instructions") String inferenceInstructions,
        @JsonProperty("instructions") String instructions,
        @JsonProperty("notes") List<String> notes) {

    public FindBestConfigurationResult {
        candidates = List.copyOf(candidates);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * One model's cross-validation result.
     *
     * @param model the model identifier, the model folder's name
     * @param folds the folds whose validation was merged
     * @param foregroundDice the foreground-mean Dice, nnU-Net's score
     * @param crossvalFolder the merged predictions and their {@code summary.json}
     */
    public record Candidate(
            @JsonProperty("model") String model,
            @JsonProperty("folds") List<Integer> folds,
            @JsonProperty("foreground_dice") double foregroundDice,
            @JsonProperty("crossval_folder") String crossvalFolder) {

        public Candidate {
            folds = List.copyOf(folds);
        }
    }
}
