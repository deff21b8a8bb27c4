package io.jnnunet.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A raw dataset's {@code dataset.json}, in nnU-Net v2's keys. {@code labels} maps a name to an integer, or to a list
 * of integers for a region; {@code ignore} is the optional ignore label. Keys this record does not know are kept in
 * {@code other} and written back unchanged. The legacy key {@code modality} is read as {@code channel_names}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"channel_names", "labels", "numTraining", "file_ending", "overwrite_image_reader_writer",
    "regions_class_order", "dataset", "name", "description", "reference", "licence", "release"})
public record DatasetSpec(
        @JsonProperty("channel_names") @JsonAlias("modality") Map<String, String> channelNames,
        @JsonProperty("labels") Map<String, Object> labels,
        @JsonProperty("numTraining") Integer numTraining,
        @JsonProperty("file_ending") String fileEnding,
        @JsonProperty("overwrite_image_reader_writer") String overwriteImageReaderWriter,
        @JsonProperty("regions_class_order") List<Integer> regionsClassOrder,
        @JsonProperty("dataset") Map<String, CaseFiles> dataset,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("reference") String reference,
        @JsonProperty("licence") String licence,
        @JsonProperty("release") String release,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> other) {

    /** The label name nnU-Net reserves for the ignore label. */
    public static final String IGNORE = "ignore";

    public DatasetSpec {
        other = other == null ? new LinkedHashMap<>() : other;
    }

    /** The minimal description nnU-Net's {@code generate_dataset_json} writes. */
    public static DatasetSpec of(Map<String, String> channelNames, Map<String, Object> labels, int numTraining,
            String fileEnding) {
        return new DatasetSpec(channelNames, labels, numTraining, fileEnding, null, null, null, null, null, null,
                null, null, null);
    }

    /** The same description with another {@code numTraining}. */
    public DatasetSpec withNumTraining(int n) {
        return new DatasetSpec(channelNames, labels, n, fileEnding, overwriteImageReaderWriter, regionsClassOrder,
                dataset, name, description, reference, licence, release, other);
    }

    /** Number of input channels, as {@code channel_names} declares them. */
    @JsonIgnore
    public int numberOfChannels() {
        return channelNames == null ? 0 : channelNames.size();
    }

    /** An explicit file listing of one case (the optional {@code dataset} key): paths relative to the dataset. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CaseFiles(@JsonProperty("images") List<String> images, @JsonProperty("label") String label) {
    }
}
