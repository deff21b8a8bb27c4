package io.jnnunet.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What an evaluation wrote to {@code summary.json}, for callers that decide on it (find-best-configuration,
 * postprocessing, training validation, the shell).
 *
 * @param file the summary written
 * @param cases cases evaluated
 * @param foregroundMean nnU-Net's {@code foreground_mean}: metric name to value
 * @param mean nnU-Net's {@code mean}: label or region key ({@code "1"}, {@code "(1, 2)"}) to metric name to value
 * @param instanceMean instance metrics averaged over cases (metric name, e.g. {@code AP@0.5}, {@code PQ}, to value);
 *     empty when no instance references were given
 * @param notes what the evaluation could not do and why (e.g. instance metrics skipped), also in the summary file
 */
public record EvaluationSummary(Path file, int cases, Map<String, Double> foregroundMean,
        Map<String, Map<String, Double>> mean, Map<String, Double> instanceMean, List<String> notes) {

    public EvaluationSummary {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
