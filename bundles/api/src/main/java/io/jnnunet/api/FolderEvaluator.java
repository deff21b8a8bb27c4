package io.jnnunet.api;

import java.io.IOException;

/**
 * nnU-Net's {@code compute_metrics_on_folder}: evaluates a folder of predictions against a folder of references with
 * every installed {@link Evaluator} (or those asked for) and writes {@code summary.json} in nnU-Net's layout, with the
 * instance metrics added under their own keys when instance references are given.
 */
public interface FolderEvaluator {

    /**
     * Evaluates and writes the summary atomically to {@link EvaluationRequest#output()}.
     *
     * @throws IOException naming the file when a reference or prediction cannot be read, or (without
     *     {@code chill}) when a reference has no prediction
     */
    EvaluationSummary evaluateFolder(EvaluationRequest request, ProgressListener progress) throws IOException;
}
