package io.jnnunet.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration of nnU-Net's plans ({@code 2d}, {@code 3d_fullres}, ...), with nnU-Net's keys. Fields are
 * {@code null} where a configuration inherits them ({@code inherits_from}). Keys nnU-Net does not know, such as the
 * budget planner's {@code num_epochs} and {@code num_iterations_per_epoch}, are kept in {@code other}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"inherits_from", "data_identifier", "preprocessor_name", "batch_size", "patch_size",
    "median_image_size_in_voxels", "spacing", "normalization_schemes", "use_mask_for_norm", "resampling_fn_data",
    "resampling_fn_seg", "resampling_fn_data_kwargs", "resampling_fn_seg_kwargs", "resampling_fn_probabilities",
    "resampling_fn_probabilities_kwargs", "architecture", "batch_dice", "previous_stage", "next_stage"})
public record ConfigurationPlan(
        @JsonProperty("inherits_from") String inheritsFrom,
        @JsonProperty("data_identifier") String dataIdentifier,
        @JsonProperty("preprocessor_name") String preprocessorName,
        @JsonProperty("batch_size") Integer batchSize,
        @JsonProperty("patch_size") int[] patchSize,
        @JsonProperty("median_image_size_in_voxels") double[] medianImageSizeInVoxels,
        @JsonProperty("spacing") double[] spacing,
        @JsonProperty("normalization_schemes") List<String> normalizationSchemes,
        @JsonProperty("use_mask_for_norm") List<Boolean> useMaskForNorm,
        @JsonProperty("resampling_fn_data") String resamplingFnData,
        @JsonProperty("resampling_fn_seg") String resamplingFnSeg,
        @JsonProperty("resampling_fn_data_kwargs") Map<String, Object> resamplingFnDataKwargs,
        @JsonProperty("resampling_fn_seg_kwargs") Map<String, Object> resamplingFnSegKwargs,
        @JsonProperty("resampling_fn_probabilities") String resamplingFnProbabilities,
        @JsonProperty("resampling_fn_probabilities_kwargs") Map<String, Object> resamplingFnProbabilitiesKwargs,
        @JsonProperty("architecture") ArchitecturePlan architecture,
        @JsonProperty("batch_dice") Boolean batchDice,
        @JsonProperty("previous_stage") String previousStage,
        @JsonProperty("next_stage") Object nextStage,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> other) {

    public ConfigurationPlan {
        other = other == null ? new LinkedHashMap<>() : other;
    }
}
