package io.jnnunet.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * nnU-Net's plans file ({@code nnUNetPlans.json} or another plans name), with nnU-Net's keys and structure, so that
 * our plans and nnU-Net's are interchangeable. Unknown top-level keys are kept in {@code other}.
 */
@JsonPropertyOrder({"dataset_name", "plans_name", "original_median_spacing_after_transp",
    "original_median_shape_after_transp", "image_reader_writer", "transpose_forward", "transpose_backward",
    "configurations", "experiment_planner_used", "label_manager", "foreground_intensity_properties_per_channel"})
public record Plans(
        @JsonProperty("dataset_name") String datasetName,
        @JsonProperty("plans_name") String plansName,
        @JsonProperty("original_median_spacing_after_transp") double[] originalMedianSpacingAfterTransp,
        @JsonProperty("original_median_shape_after_transp") int[] originalMedianShapeAfterTransp,
        @JsonProperty("image_reader_writer") String imageReaderWriter,
        @JsonProperty("transpose_forward") int[] transposeForward,
        @JsonProperty("transpose_backward") int[] transposeBackward,
        @JsonProperty("configurations") Map<String, ConfigurationPlan> configurations,
        @JsonProperty("experiment_planner_used") String experimentPlannerUsed,
        @JsonProperty("label_manager") String labelManager,
        @JsonProperty("foreground_intensity_properties_per_channel")
        Map<String, IntensityProperties> foregroundIntensityPropertiesPerChannel,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> other) {

    public Plans {
        other = other == null ? new LinkedHashMap<>() : other;
    }

    /** The file a plans name is stored in, e.g. {@code nnUNetPlans.json}. */
    public static String fileName(String plansName) {
        return plansName + ".json";
    }

    /**
     * A configuration with {@code inherits_from} resolved (the child's non-null values override its parent's), as
     * nnU-Net's {@code PlansManager.get_configuration} does.
     *
     * @throws IllegalArgumentException naming the configurations there are, or the cycle
     */
    public ConfigurationPlan configuration(String name) {
        return resolve(name, new java.util.ArrayList<>());
    }

    private ConfigurationPlan resolve(String name, java.util.List<String> seen) {
        ConfigurationPlan plan = configurations.get(name);
        if (plan == null) {
            throw new IllegalArgumentException("plans " + plansName + " have no configuration '" + name
                    + "'; they have " + configurations.keySet());
        }
        if (seen.contains(name)) {
            throw new IllegalArgumentException("plans " + plansName + ": configurations inherit in a cycle " + seen);
        }
        seen.add(name);
        if (plan.inheritsFrom() == null) {
            return plan;
        }
        ConfigurationPlan parent = resolve(plan.inheritsFrom(), seen);
        Map<String, Object> other = new LinkedHashMap<>(parent.other());
        other.putAll(plan.other());
        return new ConfigurationPlan(null,
                or(plan.dataIdentifier(), parent.dataIdentifier()),
                or(plan.preprocessorName(), parent.preprocessorName()),
                or(plan.batchSize(), parent.batchSize()),
                or(plan.patchSize(), parent.patchSize()),
                or(plan.medianImageSizeInVoxels(), parent.medianImageSizeInVoxels()),
                or(plan.spacing(), parent.spacing()),
                or(plan.normalizationSchemes(), parent.normalizationSchemes()),
                or(plan.useMaskForNorm(), parent.useMaskForNorm()),
                or(plan.resamplingFnData(), parent.resamplingFnData()),
                or(plan.resamplingFnSeg(), parent.resamplingFnSeg()),
                or(plan.resamplingFnDataKwargs(), parent.resamplingFnDataKwargs()),
                or(plan.resamplingFnSegKwargs(), parent.resamplingFnSegKwargs()),
                or(plan.resamplingFnProbabilities(), parent.resamplingFnProbabilities()),
                or(plan.resamplingFnProbabilitiesKwargs(), parent.resamplingFnProbabilitiesKwargs()),
                or(plan.architecture(), parent.architecture()),
                or(plan.batchDice(), parent.batchDice()),
                or(plan.previousStage(), parent.previousStage()),
                or(plan.nextStage(), parent.nextStage()),
                other);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
