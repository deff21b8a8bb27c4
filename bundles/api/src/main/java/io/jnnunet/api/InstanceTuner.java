package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Tunes an {@link InstanceRecipe}'s decoding parameters on cross-validation predictions (never on test data): each
 * parameter in turn is tried at a few multiples of its default, keeping the value with the highest mean AP@0.5 of the
 * validation cases against their instance references, twice over.
 */
public interface InstanceTuner {

    /** The file a model folder keeps the tuned recipe in, which {@code nnunet:predict --instances} reads. */
    String FILE_NAME = "instances.json";

    /**
     * @param predictionFolders semantic predictions of validation cases ({@code fold_X/validation})
     * @param referenceInstancesFolder instance references with the same file names ({@code labelsTr_instances})
     * @param output the {@code instances.json} to write (atomically)
     */
    InstanceTuning tune(String recipe, List<Path> predictionFolders, Path referenceInstancesFolder,
            DatasetSpec dataset, Path output, ProgressListener progress) throws IOException;

    /**
     * What the tuning chose and saw.
     *
     * @param parameters the chosen decoding parameters
     * @param score mean AP@0.5 over the validation cases with them
     * @param defaultScore the same with the recipe's defaults
     * @param trials every parameter set tried with its score, in order
     */
    record InstanceTuning(String recipe, Map<String, Double> parameters, double score, double defaultScore,
            int cases, List<Trial> trials, Path file) {
    }

    record Trial(Map<String, Double> parameters, double score) {
    }
}
