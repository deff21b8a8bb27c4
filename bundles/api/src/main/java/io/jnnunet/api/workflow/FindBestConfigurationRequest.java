package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The models to compare: every trainer x plans x configuration whose model folder exists, on the given folds.
 *
 * @param dataset id or name
 * @param configurations not given: 2d, 3d_fullres, 3d_lowres, 3d_cascade_fullres (those trained)
 * @param plans not given: {@code nnUNetPlans}
 * @param trainers not given: {@code nnUNetTrainer}
 * @param folds not given: 0 .. 4 (folds without a validation folder are skipped)
 * @param workers cases processed at a time, or {@code null} for the number of cores of the machine that runs it
 */
public record FindBestConfigurationRequest(
        @JsonProperty("dataset") String dataset,
        @JsonProperty("configurations") List<String> configurations,
        @JsonProperty("plans") List<String> plans,
        @JsonProperty("trainers") List<String> trainers,
        @JsonProperty("folds") List<Integer> folds,
        @JsonProperty("workers") Integer workers) {

    public static final List<String> DEFAULT_CONFIGURATIONS = List.of("2d", "3d_fullres", "3d_lowres",
            "3d_cascade_fullres");

    public FindBestConfigurationRequest {
        Requests.required("dataset", dataset);
        configurations = Requests.orDefault(Requests.names("configurations", configurations),
                DEFAULT_CONFIGURATIONS);
        plans = Requests.orDefault(Requests.names("plans", plans), List.of(RunTrainingRequest.DEFAULT_PLANS));
        trainers = Requests.orDefault(Requests.names("trainers", trainers),
                List.of(RunTrainingRequest.DEFAULT_TRAINER));
        folds = Requests.orDefault(folds, List.of(0, 1, 2, 3, 4));
        for (Integer fold : folds) {
            if (fold == null || fold < 0) {
                throw new IllegalArgumentException("folds must be 0, 1, ..., got " + folds);
            }
        }
        Requests.positive("workers", workers);
    }
}
