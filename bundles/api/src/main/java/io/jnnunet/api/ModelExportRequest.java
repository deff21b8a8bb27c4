package io.jnnunet.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What to export of a trained model.
 *
 * @param modelFolder {@code nnUNet_results/DatasetXXX/<trainer>__<plans>__<configuration>}
 * @param folds {@code 0}..{@code 4} or {@code all}; empty: every {@code fold_N} that holds the checkpoint
 * @param checkpointName {@code checkpoint_final} (default) or {@code checkpoint_best}, without its file ending
 * @param output the file to write (its folder is created)
 */
public record ModelExportRequest(Path modelFolder, List<String> folds, String checkpointName, Path output) {

    public ModelExportRequest {
        folds = folds == null ? List.of() : List.copyOf(folds);
        checkpointName = checkpointName == null ? "checkpoint_final" : checkpointName;
    }
}
