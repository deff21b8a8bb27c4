package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * nnU-Net's {@code nnUNetPredictor}: Gaussian-weighted sliding-window prediction with mirroring test-time augmentation,
 * averaging the logits of the folds, exported in the input's format and geometry.
 */
public interface Predictor {

    /**
     * Predicts every case of a folder of raw images ({@code nnUNetv2_predict}), writing {@code {case}{ending}} (and
     * with probabilities {@code {case}.npz} + {@code {case}.json}) atomically into the output folder, plus
     * {@code predict_from_raw_data_args.json}, {@code dataset.json} and {@code plans.json}.
     *
     * @throws IOException naming the file when an image, checkpoint or plans file cannot be read or written
     */
    PredictionResult predict(PredictionRequest request, ProgressListener listener) throws IOException;

    /**
     * The ids of the cases that {@link #predict} finds in a folder of raw images ({@code {case}_{XXXX}{ending}} with
     * the model's file ending and channels), sorted.
     *
     * @param modelFolder {@code nnUNet_results/DatasetXXX/<trainer>__<plans>__<configuration>}
     * @throws IOException naming the folder or case when the folder holds no case, or a case lacks a channel
     */
    List<String> cases(Path input, Path modelFolder) throws IOException;

    /**
     * Loads a trained model for many single images: the folds' checkpoints, as {@link #predict} resolves them, onto
     * the device. The caller closes it.
     *
     * @param modelFolder {@code nnUNet_results/DatasetXXX/<trainer>__<plans>__<configuration>}
     * @param folds {@code 0}..{@code 4} or {@code all}; empty: every {@code fold_N} with the checkpoint
     * @param checkpointName {@code checkpoint_final} (default when {@code null}) or {@code checkpoint_best}
     * @param device {@code cpu}, {@code gpu}, {@code gpu:N}, {@code auto} or {@code null} for the engine's default
     * @throws IOException naming the folder or file when the model folder, a checkpoint, its plans or dataset.json
     *     cannot be read
     */
    LoadedModel load(Path modelFolder, List<String> folds, String checkpointName, String device,
            ProgressListener listener) throws IOException;

    /**
     * nnU-Net's final validation of a trained fold ({@code perform_actual_validation}): predicts the fold's validation
     * cases from their preprocessed data into {@code fold_X/validation/} and evaluates them against
     * {@code gt_segmentations} into {@code validation/summary.json}.
     *
     * @param foldFolder {@code nnUNet_results/DatasetXXX/<trainer>__<plans>__<configuration>/fold_X}
     * @param preprocessedDataset {@code nnUNet_preprocessed/DatasetXXX}
     * @param checkpointName {@code checkpoint_final} or {@code checkpoint_best}
     */
    EvaluationSummary validate(Path foldFolder, Path preprocessedDataset, String checkpointName, String device,
            ProgressListener listener) throws IOException;
}
