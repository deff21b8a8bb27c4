package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.api.NnunetPaths;
import java.util.List;

/**
 * @param dataset id, name or raw folder
 * @param plans not given: {@code nnUNetPlans}
 * @param trainer not given: {@code nnUNetTrainer}
 * @param folds the folds whose validation predictions to tune on, each of which must have them; empty: every one of
 *     0 .. 4 that has them (not {@code all}: its validation cases are its own training cases)
 * @param recipe the recipe's name, or {@code auto} (not given: {@code auto})
 */
public record TuneInstancesRequest(
        @JsonProperty("dataset") String dataset,
        @JsonProperty("configuration") String configuration,
        @JsonProperty("plans") String plans,
        @JsonProperty("trainer") String trainer,
        @JsonProperty("folds") List<String> folds,
        @JsonProperty("recipe") String recipe) {

    public TuneInstancesRequest {
        Requests.required("dataset", dataset);
        Requests.name("configuration", configuration, null);
        plans = Requests.name("plans", plans, RunTrainingRequest.DEFAULT_PLANS);
        trainer = Requests.name("trainer", trainer, RunTrainingRequest.DEFAULT_TRAINER);
        folds = Requests.folds("folds", folds);
        recipe = recipe == null ? InstanceRecipeChooser.AUTO : Requests.required("recipe", recipe);
    }

    /** The model folder's name, {@code <trainer>__<plans>__<configuration>}. */
    public NnunetPaths.ModelName modelName() {
        return new NnunetPaths.ModelName(trainer, plans, configuration);
    }
}
