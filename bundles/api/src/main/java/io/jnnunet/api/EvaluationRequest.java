package io.jnnunet.api;

import java.nio.file.Path;
import java.util.List;

/**
 * One evaluation of a prediction folder, as {@code nnUNetv2_evaluate_folder} takes it.
 *
 * @param referenceFolder semantic reference label files ({@code labelsTr}, {@code labelsTs}, {@code gt_segmentations})
 * @param predictionFolder prediction files, paired with the references by file name
 * @param output the {@code summary.json} to write
 * @param dataset the dataset.json: labels or regions, ignore label, {@code file_ending}
 * @param referenceInstancesFolder instance label files (one id per object) with the same names, or {@code null}:
 *     instance metrics are computed only when it is given
 * @param predictionsAreInstances the prediction files hold instance ids ({@code nnunet:predict --instances}); their
 *     semantic metrics are computed on {@code id > 0} as the dataset's single foreground label
 * @param chill missing predictions are skipped instead of being an error (training validation, find-best)
 * @param evaluators names of the evaluators to run; empty for every installed one
 * @param workers cases evaluated at a time
 */
public record EvaluationRequest(Path referenceFolder, Path predictionFolder, Path output, DatasetSpec dataset,
        Path referenceInstancesFolder, boolean predictionsAreInstances, boolean chill, List<String> evaluators,
        int workers) {

    public EvaluationRequest {
        evaluators = evaluators == null ? List.of() : List.copyOf(evaluators);
    }
}
