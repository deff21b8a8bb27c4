package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A postprocessing decision ({@code postprocessing.json}) as a person reads it.
 *
 * @param file the {@code postprocessing.json}
 * @param rawForegroundDice the foreground-mean Dice of the predictions as they are, or {@code null} when unknown
 * @param postprocessedForegroundDice the same after the accepted steps, or {@code null} when unknown
 * @param accepted the steps that raise the Dice, in the order they are applied; empty: none is applied
 */
public record PostprocessingReport(
        @JsonProperty("file") String file,
        @JsonProperty("raw_foreground_dice") Double rawForegroundDice,
        @JsonProperty("postprocessed_foreground_dice") Double postprocessedForegroundDice,
        @JsonProperty("accepted") List<Step> accepted) {

    public PostprocessingReport {
        accepted = accepted == null ? List.of() : List.copyOf(accepted);
    }

    /** One accepted step: nnU-Net's {@code postprocessing_fns} entry and its {@code postprocessing_kwargs}. */
    public record Step(@JsonProperty("function") String function,
            @JsonProperty("kwargs") Map<String, Object> kwargs) {
    }
}
