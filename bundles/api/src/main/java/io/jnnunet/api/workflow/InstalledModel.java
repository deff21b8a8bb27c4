package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.api.NnunetPaths;
import java.util.List;

/**
 * A model folder under {@code nnUNet_results} with at least one fold checkpoint.
 *
 * @param dataset {@code DatasetXXX_Name}
 * @param folds the folds with a checkpoint, {@code 0}..{@code 4}, {@code all}
 * @param checkpoints the distinct checkpoint file names of those folds ({@code checkpoint_final.djl}, ...)
 * @param folder the model folder
 */
@JsonIgnoreProperties(value = "id", allowGetters = true)
public record InstalledModel(
        @JsonProperty("dataset") String dataset,
        @JsonProperty("trainer") String trainer,
        @JsonProperty("plans") String plans,
        @JsonProperty("configuration") String configuration,
        @JsonProperty("folds") List<String> folds,
        @JsonProperty("checkpoints") List<String> checkpoints,
        @JsonProperty("origin") ModelOrigin origin,
        @JsonProperty("folder") String folder) {

    public InstalledModel {
        folds = List.copyOf(folds);
        checkpoints = List.copyOf(checkpoints);
    }

    /** The server's model id, {@code DatasetXXX_Name__<trainer>__<plans>__<configuration>}. */
    @JsonProperty("id")
    public String id() {
        return dataset + "__" + modelName();
    }

    public NnunetPaths.ModelName modelName() {
        return new NnunetPaths.ModelName(trainer, plans, configuration);
    }
}
