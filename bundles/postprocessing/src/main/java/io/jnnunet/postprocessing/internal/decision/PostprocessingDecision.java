package io.jnnunet.postprocessing.internal.decision;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jnnunet.api.EvaluationSummary;
import java.util.List;
import java.util.Map;

/**
 * nnU-Net's {@code postprocessing.json}: the Dice before and after, and the accepted operations in the order they are
 * applied, each a function name with its keyword arguments ({@code {"labels_or_regions": [1, 2]}}).
 */
@JsonPropertyOrder({"input_folder", "postprocessed", "postprocessing_fns", "postprocessing_kwargs"})
record PostprocessingDecision(
        @JsonProperty("input_folder") Scores inputFolder,
        @JsonProperty("postprocessed") Scores postprocessed,
        @JsonProperty("postprocessing_fns") List<String> functions,
        @JsonProperty("postprocessing_kwargs") List<Map<String, Object>> kwargs) {

    static final String FILE_NAME = "postprocessing.json";
    static final String LABELS_OR_REGIONS = "labels_or_regions";

    /** The part of a {@code summary.json} the decision keeps. */
    @JsonPropertyOrder({"foreground_mean", "mean"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Scores(@JsonProperty("foreground_mean") Map<String, Double> foregroundMean,
            @JsonProperty("mean") Map<String, Map<String, Double>> mean) {

        static Scores of(EvaluationSummary summary) {
            return new Scores(summary.foregroundMean(), summary.mean());
        }
    }

    static PostprocessingDecision of(EvaluationSummary before, EvaluationSummary after,
            List<PostprocessingStep> steps) {
        return new PostprocessingDecision(Scores.of(before), Scores.of(after),
                steps.stream().map(PostprocessingStep::function).toList(),
                steps.stream().map(s -> Map.of(LABELS_OR_REGIONS, s.labelsOrRegions())).toList());
    }
}
