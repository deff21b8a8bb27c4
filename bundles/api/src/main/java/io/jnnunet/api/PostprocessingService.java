package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * nnU-Net's postprocessing decision and its application ({@code nnUNetv2_determine_postprocessing},
 * {@code nnUNetv2_apply_postprocessing}), portable: the decision is stored as {@code postprocessing.json}.
 */
public interface PostprocessingService {

    /**
     * Decides, on cross-validation predictions and their references, which connected-component rules improve the
     * Dice (nnU-Net's rules: whole foreground first, then per label, accepted only when strictly better); writes
     * {@code postprocessing.json} and {@code postprocessed/} (files + summary.json) into the prediction folder.
     *
     * @return the {@code postprocessing.json} written
     */
    Path determine(Path predictionFolder, Path referenceFolder, DatasetSpec dataset, int workers,
            ProgressListener progress) throws IOException;

    /** Applies a {@code postprocessing.json} to every prediction of {@code input}, writing into {@code output}. */
    void apply(Path input, Path output, Path postprocessingJson, DatasetSpec dataset, int workers,
            ProgressListener progress) throws IOException;
}
