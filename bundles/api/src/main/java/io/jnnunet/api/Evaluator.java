package io.jnnunet.api;

import java.util.List;
import java.util.Map;

/**
 * A family of metrics computed on one case at a time, e.g. nnU-Net's Dice/IoU per label ({@code dice}) or matched
 * instance metrics ({@code instances}). Registered with the property {@value #NAME}; the {@link FolderEvaluator} runs
 * every installed one (or those a request names), so a lab adds a metric to {@code summary.json} by installing a
 * bundle with one more Evaluator service.
 *
 * <p>What {@link #evaluate} returns is a map from a key to metric names and values. A key that is one of the case's
 * label or region keys ({@link CaseEvaluation#labelsOrRegions()}, e.g. {@code "1"} or {@code "(1, 2)"}) adds its
 * metrics to nnU-Net's {@code metrics} of that label, so they are averaged into {@code mean} and
 * {@code foreground_mean}. Any other key (e.g. {@value #INSTANCES}) is a group of its own, written beside
 * {@code metrics} in the case's entry and averaged into a top-level {@code <key>_mean}. Averages over cases are
 * NaN-aware means (nnU-Net's {@code np.nanmean}: undefined cases are skipped). Integer values ({@link Long},
 * {@link Integer}) are written as JSON integers, others as floats, NaN for an undefined value.
 */
public interface Evaluator {

    /** Service property: the evaluator's name, e.g. {@code dice}. */
    String NAME = "metric.name";

    /** The group key of instance metrics, in a case's entry and as {@code instances_mean}/{@code instances_pooled}. */
    String INSTANCES = "instances";

    String name();

    /** One line for listings. */
    String description();

    /**
     * The metrics of one case, key to metric name to value; empty when the case lacks what this evaluator needs
     * (e.g. no instance references). Called from several threads at once.
     */
    Map<String, Map<String, Number>> evaluate(CaseEvaluation evaluation);

    /**
     * Metrics over the whole dataset that are not means over cases, e.g. AP from the TP/FP/FN counts of all cases
     * pooled; group key to metric name to value, written as top-level {@code <key>_pooled}. None by default.
     *
     * @param cases what {@link #evaluate} returned for each case, in case order
     */
    default Map<String, Map<String, Number>> pool(List<Map<String, Map<String, Number>>> cases) {
        return Map.of();
    }
}
