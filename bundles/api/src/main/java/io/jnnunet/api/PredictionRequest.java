package io.jnnunet.api;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code nnUNetv2_predict} run.
 *
 * @param input folder of raw images {@code {case}_{XXXX}{ending}}
 * @param output folder for the predictions (created)
 * @param modelFolder {@code nnUNet_results/DatasetXXX/<trainer>__<plans>__<configuration>}
 * @param folds {@code 0}..{@code 4} or {@code all}; empty: every {@code fold_N} with the checkpoint
 * @param checkpointName {@code checkpoint_final} (default) or {@code checkpoint_best}
 * @param saveProbabilities also write {@code {case}.npz} (softmax, original geometry) and {@code {case}.json}
 * @param mirroring test-time augmentation with the checkpoint's mirroring axes
 * @param stepSize sliding-window step as a fraction of the patch, 0 &lt; s &lt;= 1 (nnU-Net: 0.5)
 * @param device {@code cpu}, {@code gpu}, {@code gpu:N}, {@code auto} or {@code null} for the engine's default
 * @param instanceRecipe write instance label images decoded by this {@link InstanceRecipe} instead of the semantic
 *     mask, or {@code null} for the semantic mask
 * @param continuePrediction skip cases whose output already exists ({@code --continue_prediction})
 * @param workers cases read, preprocessed and exported at a time beside the network (bounded memory)
 * @param objectScale zoom 2-D images so that their objects have the training median diameter (Cellpose's
 *     diameter), or {@code null} to predict at native scale
 * @param cases the ids of the input folder's cases to predict, or {@code null} for all
 * @param precision {@code fp32} or {@code bf16} (mixed precision where the device computes bfloat16 natively, else
 *     fp32), or {@code null} for the model's plans' {@code precision}, else fp32
 */
public record PredictionRequest(Path input, Path output, Path modelFolder, List<String> folds, String checkpointName,
        boolean saveProbabilities, boolean mirroring, double stepSize, String device, String instanceRecipe,
        boolean continuePrediction, int workers, ObjectScale objectScale, List<String> cases, String precision) {

    public PredictionRequest {
        folds = folds == null ? List.of() : List.copyOf(folds);
        cases = cases == null ? null : List.copyOf(cases);
        SingleImageOptions.requireStepSize(stepSize);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
    }
}
