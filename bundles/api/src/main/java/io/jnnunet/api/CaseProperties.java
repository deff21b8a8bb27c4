package io.jnnunet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * What preprocessing records of a case to undo it at export, nnU-Net's properties: {@code spacing} in the reader's
 * (untransposed) axis order; shapes and the crop box ({@code [start, end)} per axis) in transposed order;
 * {@code class_locations}: per foreground label (key: the label value as text) sampled voxel coordinates
 * {@code (channel 0, x, y, z)} in the resampled, transposed grid, for foreground oversampling.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"spacing", "shape_before_cropping", "bbox_used_for_cropping",
    "shape_after_cropping_and_before_resampling", "class_locations"})
public record CaseProperties(
        @JsonProperty("spacing") double[] spacing,
        @JsonProperty("shape_before_cropping") int[] shapeBeforeCropping,
        @JsonProperty("bbox_used_for_cropping") int[][] bboxUsedForCropping,
        @JsonProperty("shape_after_cropping_and_before_resampling") int[] shapeAfterCroppingAndBeforeResampling,
        @JsonProperty("class_locations") Map<String, int[][]> classLocations) {
}
