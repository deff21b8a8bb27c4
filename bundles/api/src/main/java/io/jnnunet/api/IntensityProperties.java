package io.jnnunet.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Foreground intensity statistics of one channel, as nnU-Net's fingerprint stores them. */
@JsonPropertyOrder(alphabetic = true)
public record IntensityProperties(
        @JsonProperty("max") double max,
        @JsonProperty("mean") double mean,
        @JsonProperty("median") double median,
        @JsonProperty("min") double min,
        @JsonProperty("percentile_00_5") double percentile005,
        @JsonProperty("percentile_99_5") double percentile995,
        @JsonProperty("std") double std) {
}
