package io.jnnunet.workflow.internal;

import io.jnnunet.formats.TorchCheckpoint;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The layout of nnU-Net's model zip ({@code nnUNetv2_export_model_to_zip}): entries named relative to
 * {@code nnUNet_results}, {@code DatasetXXX_Name/<trainer>__<plans>__<configuration>/} with dataset.json, plans.json,
 * dataset_fingerprint.json, per fold the checkpoint, debug.json, progress.png and validation/summary.json, the
 * cross-validation's summary and postprocessing; jnnunet adds instances.json, {@value ModelCard#FILE_NAME} and
 * {@value #CHECKSUMS} (sha256sum's format: run {@code sha256sum -c} in nnUNet_results to check an unpacked zip).
 */
final class ModelZip {

    static final String PLANS_JSON = "plans.json";
    static final String SUMMARY_JSON = "summary.json";
    static final String CHECKSUMS = "checksums.sha256";
    /** The files of a fold besides its checkpoint, where present. */
    static final List<String> FOLD_FILES = List.of("debug.json", "progress.png", "network_architecture.pdf");
    /** nnU-Net's {@code crossval_results_folds_0_1_...} files that travel (not the merged predictions). */
    static final List<String> CROSSVAL_FILES = List.of(SUMMARY_JSON, "postprocessing.pkl", "postprocessing.json");
    /** The dataset folder's files from find-best-configuration. */
    static final List<String> DATASET_FILES = List.of("inference_information.json", "inference_instructions.txt");
    /** A fold's checkpoint, jnnunet's or nnU-Net's. */
    static final Pattern CHECKPOINT = Pattern.compile("checkpoint_(?:final|best|latest)\\.(?:djl|pth)");
    static final String OWN_ENDING = ".djl";

    private ModelZip() {
    }

    /** {@code checkpoint_final} of {@code checkpoint_final}, {@code checkpoint_final.pth} or {@code .djl}. */
    static String checkpointBase(String name) {
        for (String ending : List.of(TorchCheckpoint.FILE_ENDING, OWN_ENDING)) {
            if (name.endsWith(ending)) {
                return name.substring(0, name.length() - ending.length());
            }
        }
        return name;
    }

    /** nnU-Net's {@code folds_tuple_to_string}: {@code 0_1_2}. */
    static String crossvalFolder(List<String> folds) {
        return "crossval_results_folds_" + String.join("_", folds);
    }
}
