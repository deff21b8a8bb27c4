package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One evaluation of a folder of predictions, with {@code nnUNetv2_evaluate_folder}'s flags.
 *
 * @param reference folder of reference labels
 * @param prediction folder of predictions
 * @param datasetJson the dataset.json ({@code -djfile}); not given: the prediction folder's, else the one beside the
 *     reference folder (for instance predictions the other way round: their ids are not the model's labels)
 * @param plansJson a plans file ({@code -pfile}), accepted as nnU-Net takes it; must exist when given
 * @param output the summary file (not given: {@code <prediction>/summary.json})
 * @param workers cases evaluated at a time (not given: 8, as nnU-Net)
 * @param chill evaluate only the predictions that exist
 * @param referenceInstances folder of reference instance labels (not given: {@code <reference>_instances} when it
 *     exists)
 * @param instances the predictions hold instance ids
 * @param evaluators the evaluators' names; empty: every installed one
 */
public record EvaluateFolderRequest(
        @JsonProperty("reference") String reference,
        @JsonProperty("prediction") String prediction,
        @JsonProperty("dataset_json") String datasetJson,
        @JsonProperty("plans_json") String plansJson,
        @JsonProperty("output") String output,
        @JsonProperty("workers") Integer workers,
        @JsonProperty("chill") boolean chill,
        @JsonProperty("reference_instances") String referenceInstances,
        @JsonProperty("instances") boolean instances,
        @JsonProperty("evaluators") List<String> evaluators) {

    public EvaluateFolderRequest {
        Requests.required("reference", reference);
        Requests.required("prediction", prediction);
        workers = Requests.positive("workers", workers, 8);
        evaluators = Requests.names("evaluators", evaluators);
    }
}
