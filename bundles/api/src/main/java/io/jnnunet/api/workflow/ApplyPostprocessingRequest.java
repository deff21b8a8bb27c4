package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * @param input folder of predictions
 * @param output folder for the postprocessed files
 * @param postprocessingJson the decision to apply
 * @param datasetJson not given: the one beside {@code postprocessing.json}, else in the input folder
 * @param workers cases processed at a time, or {@code null} for the number of cores of the machine that runs it
 */
public record ApplyPostprocessingRequest(
        @JsonProperty("input") String input,
        @JsonProperty("output") String output,
        @JsonProperty("postprocessing_json") String postprocessingJson,
        @JsonProperty("dataset_json") String datasetJson,
        @JsonProperty("workers") Integer workers) {

    public ApplyPostprocessingRequest {
        Requests.required("input", input);
        Requests.required("output", output);
        Requests.required("postprocessing_json", postprocessingJson);
        Requests.positive("workers", workers);
    }
}
