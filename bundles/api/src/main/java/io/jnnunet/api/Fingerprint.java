package io.jnnunet.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A dataset's fingerprint, nnU-Net's {@code dataset_fingerprint.json}: per case the spacing (reader axis order) and the
 * shape after cropping to the non-zero region, foreground intensity statistics per channel (keys {@code "0"},
 * {@code "1"}, ...) and the median relative size after cropping.
 */
@JsonPropertyOrder(alphabetic = true)
public record Fingerprint(
        @JsonProperty("foreground_intensity_properties_per_channel")
        Map<String, IntensityProperties> foregroundIntensityPropertiesPerChannel,
        @JsonProperty("median_relative_size_after_cropping") double medianRelativeSizeAfterCropping,
        @JsonProperty("shapes_after_crop") List<int[]> shapesAfterCrop,
        @JsonProperty("spacings") List<double[]> spacings) {

    public static final String FILE_NAME = "dataset_fingerprint.json";
}
