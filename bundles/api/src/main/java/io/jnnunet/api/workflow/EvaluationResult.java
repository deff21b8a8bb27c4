package io.jnnunet.api.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.api.EvaluationSummary;
import java.util.List;
import java.util.Map;

/**
 * The scores of an evaluation as {@code summary.json} holds them (nnU-Net's keys).
 *
 * @param summaryFile the {@code summary.json} written
 * @param foregroundMean nnU-Net's {@code foreground_mean}: metric to value
 * @param mean nnU-Net's {@code mean}: label or region key to metric to value
 * @param instanceMean instance metrics averaged over cases ({@code AP@0.5}, {@code PQ}, ...); empty without
 *     instance references
 * @param notes what the evaluation could not do and why
 */
public record EvaluationResult(
        @JsonProperty("summary_file") String summaryFile,
        @JsonProperty("cases") int cases,
        @JsonProperty("foreground_mean") Map<String, Double> foregroundMean,
        @JsonProperty("mean") Map<String, Map<String, Double>> mean,
        @JsonProperty("instance_mean") Map<String, Double> instanceMean,
        @JsonProperty("notes") List<String> notes) {

    public EvaluationResult {
        foregroundMean = foregroundMean == null ? Map.of() : foregroundMean;
        mean = mean == null ? Map.of() : mean;
        instanceMean = instanceMean == null ? Map.of() : instanceMean;
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public static EvaluationResult of(EvaluationSummary summary) {
        return new EvaluationResult(summary.file().toString(), summary.cases(), summary.foregroundMean(),
                summary.mean(), summary.instanceMean(), summary.notes());
    }
}
