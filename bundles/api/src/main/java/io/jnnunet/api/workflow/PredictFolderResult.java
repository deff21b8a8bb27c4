package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a prediction wrote.
 *
 * @param written the prediction files, in case order
 * @param skipped cases skipped because their output existed
 * @param seconds wall time
 * @param instanceRecipe the recipe the instances were decoded by ({@code auto} resolved), or {@code null}
 */
public record PredictFolderResult(
        @JsonProperty("output") String output,
        @JsonProperty("written") List<String> written,
        @JsonProperty("skipped") int skipped,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("instance_recipe") String instanceRecipe) {

    public PredictFolderResult {
        written = written == null ? List.of() : List.copyOf(written);
    }
}
