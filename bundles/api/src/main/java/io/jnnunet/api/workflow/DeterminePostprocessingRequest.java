package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * @param input folder of (cross-validation) predictions
 * @param reference folder of reference labels
 * @param datasetJson not given: the one in the input folder, else beside the reference folder
 * @param workers cases processed at a time, or {@code null} for the number of cores of the machine that runs it
 */
public record DeterminePostprocessingRequest(
        @JsonProperty("input") String input,
        @JsonProperty("reference") String reference,
        @JsonProperty("dataset_json") String datasetJson,
        @JsonProperty("workers") Integer workers) {

    public DeterminePostprocessingRequest {
        Requests.required("input", input);
        Requests.required("reference", reference);
        Requests.positive("workers", workers);
    }
}
