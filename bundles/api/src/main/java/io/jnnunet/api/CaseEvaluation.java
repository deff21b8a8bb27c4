package io.jnnunet.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One case as an {@link Evaluator} sees it: label volumes of the same shape, read from the reference and prediction
 * files.
 *
 * @param caseId the file name without the dataset's file ending
 * @param reference the reference label map
 * @param prediction the predicted label map (semantic; instance predictions arrive here as {@code id > 0} mapped to
 *     the single foreground label)
 * @param labelsOrRegions what to evaluate, by nnU-Net's summary key ({@code "1"}, {@code "(1, 2)"}) to the label
 *     values whose union it is, in dataset.json order
 * @param ignoreLabel the dataset's ignore label, or {@code null}; its reference voxels count for no metric
 * @param referenceInstances reference instance ids (0 background), or {@code null} when none were given
 * @param predictedInstances predicted instance ids, or {@code null}: present whenever {@code referenceInstances} is
 */
public record CaseEvaluation(String caseId, ImageVolume reference, ImageVolume prediction,
        Map<String, int[]> labelsOrRegions, Integer ignoreLabel, ImageVolume referenceInstances,
        ImageVolume predictedInstances) {

    public CaseEvaluation {
        labelsOrRegions = Collections.unmodifiableMap(new LinkedHashMap<>(labelsOrRegions));
    }

    /** True when instance volumes are given. */
    public boolean hasInstances() {
        return referenceInstances != null && predictedInstances != null;
    }
}
