package io.jnnunet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A dataset's fingerprint, nnU-Net's {@code dataset_fingerprint.json}: per case the spacing (reader axis order) and the
 * shape after cropping to the non-zero region, foreground intensity statistics per channel (keys {@code "0"},
 * {@code "1"}, ...) and the median relative size after cropping.
 *
 * @param medianObjectDiameter jnnunet's addition for 2-D datasets with instance labels ({@code labelsTr_instances}):
 *     the median over all objects of all training cases of the equal-area diameter in pixels
 *     ({@code io.jnnunet.formats.ObjectDiameters}); {@code null} (and not written) otherwise, so nnU-Net's files
 *     stay as they are
 */
@JsonPropertyOrder(alphabetic = true)
public record Fingerprint(
        @JsonProperty("foreground_intensity_properties_per_channel")
        Map<String, IntensityProperties> foregroundIntensityPropertiesPerChannel,
        @JsonProperty("median_relative_size_after_cropping") double medianRelativeSizeAfterCropping,
        @JsonProperty("shapes_after_crop") List<int[]> shapesAfterCrop,
        @JsonProperty("spacings") List<double[]> spacings,
        @JsonProperty("median_object_diameter") @JsonInclude(JsonInclude.Include.NON_NULL)
        Double medianObjectDiameter) {

    public static final String FILE_NAME = "dataset_fingerprint.json";

    /** nnU-Net's fingerprint, without object diameters. */
    public Fingerprint(Map<String, IntensityProperties> foregroundIntensityPropertiesPerChannel,
            double medianRelativeSizeAfterCropping, List<int[]> shapesAfterCrop, List<double[]> spacings) {
        this(foregroundIntensityPropertiesPerChannel, medianRelativeSizeAfterCropping, shapesAfterCrop, spacings, null);
    }
}
