package io.jnnunet.workflow.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code model_card.json} in a model folder that travelled as a zip: what a person receiving the model wants to
 * know before using it (the data it was trained on, the plan, the validation scores, who made it when), and where
 * an installed copy came from. nnU-Net ignores the file; jnnunet writes it on export and install.
 *
 * @param trainedWith {@code jnnunet} (the zip's checkpoints converted from jnnunet's own) or {@code nnU-Net}
 * @param validation per fold, its final validation ({@code fold_X/validation/summary.json})
 * @param instances the tuned instance decoding ({@code instances.json}): recipe, parameters, AP@0.5
 * @param postprocessing the zip's postprocessing decisions ({@code crossval_results_folds_*\/postprocessing.json})
 * @param installed where and when this copy was installed; absent in an exported zip
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"format", "format_version", "model", "dataset", "trainer", "plans", "configuration", "network",
    "patch_size", "folds", "checkpoint", "trained_with", "validation", "mean_validation_dice", "instances",
    "postprocessing", "exported", "jnnunet_version", "installed"})
record ModelCard(
        @JsonProperty("format") String format,
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("model") String model,
        @JsonProperty("dataset") Dataset dataset,
        @JsonProperty("trainer") String trainer,
        @JsonProperty("plans") String plans,
        @JsonProperty("configuration") String configuration,
        @JsonProperty("network") String network,
        @JsonProperty("patch_size") int[] patchSize,
        @JsonProperty("folds") List<String> folds,
        @JsonProperty("checkpoint") String checkpoint,
        @JsonProperty("trained_with") String trainedWith,
        @JsonProperty("validation") Map<String, Validation> validation,
        @JsonProperty("mean_validation_dice") Double meanValidationDice,
        @JsonProperty("instances") JsonNode instances,
        @JsonProperty("postprocessing") List<String> postprocessing,
        @JsonProperty("exported") String exported,
        @JsonProperty("jnnunet_version") String jnnunetVersion,
        @JsonProperty("installed") Installed installed) {

    static final String FILE_NAME = "model_card.json";
    static final String FORMAT = "jnnunet-model-card";
    static final int FORMAT_VERSION = 1;
    static final String JNNUNET = "jnnunet";
    static final String NNUNET = "nnU-Net";

    /** The training data as its dataset.json describes it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Dataset(@JsonProperty("name") String name, @JsonProperty("description") String description,
            @JsonProperty("reference") String reference, @JsonProperty("licence") String licence,
            @JsonProperty("numTraining") Integer numTraining,
            @JsonProperty("channel_names") Map<String, String> channelNames,
            @JsonProperty("labels") Map<String, Object> labels,
            @JsonProperty("file_ending") String fileEnding) {
    }

    /** A fold's final validation: its cases and foreground-mean Dice. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Validation(@JsonProperty("cases") Integer cases,
            @JsonProperty("foreground_mean_dice") Double foregroundMeanDice) {
    }

    /** An installed copy's origin. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Installed(@JsonProperty("from") String from, @JsonProperty("date") String date,
            @JsonProperty("jnnunet_version") String jnnunetVersion) {
    }

    ModelCard withInstalled(Installed copy) {
        return new ModelCard(format, formatVersion, model, dataset, trainer, plans, configuration, network,
                patchSize, folds, checkpoint, trainedWith, validation, meanValidationDice, instances, postprocessing,
                exported, jnnunetVersion, copy);
    }
}
