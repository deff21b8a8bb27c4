package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Path;

/** nnU-Net's {@code DefaultPreprocessor}: crop, normalise, resample and store the cases of a configuration. */
public interface Preprocessor {

    /**
     * Preprocesses every training case of a raw dataset for one configuration of the plans into
     * {@code preprocessedDataset/<data_identifier>/}, at most {@code workers} cases at a time. The folder is built
     * under a temporary name and renamed into place when every case is done, so a failed run never leaves a folder
     * that looks complete.
     *
     * @return the folder written
     * @throws IOException naming the case and file when a case cannot be read
     */
    Path preprocessDataset(Path rawDataset, Path preprocessedDataset, Plans plans, String configuration,
            int workers, ProgressListener progress) throws IOException;

    /** Preprocesses one case in memory (inference: {@code seg} is {@code null}). */
    PreprocessedCase preprocessCase(String id, ImageVolume image, ImageVolume seg, Plans plans, String configuration,
            DatasetSpec dataset);

    /**
     * The first step of nnU-Net's export: logits {@code (c, *preprocessed shape)} of a case resampled with the
     * configuration's probabilities function back to {@code shape_after_cropping_and_before_resampling}; the input
     * itself when the shapes agree.
     */
    float[][] resampleLogits(float[][] logits, int[] shape, CaseProperties properties, Plans plans,
            String configuration);
}
