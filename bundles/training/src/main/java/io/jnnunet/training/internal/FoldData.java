package io.jnnunet.training.internal;

import io.jnnunet.api.Plans;
import io.jnnunet.training.internal.data.BatchSource;
import io.jnnunet.training.internal.data.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The cases of one fold and the batches drawn from them, as the trainer uses them: {@link TrainingData} when it
 * trains on a preprocessed dataset, a test's own batches otherwise.
 */
interface FoldData {

    List<String> trainCases();

    List<String> validationCases();

    /** Augmented (mirrored too if {@code mirroring}), foreground-oversampled training batches; seeded. */
    BatchSource trainingBatches(int batchSize, int[] patchSize, double[][] deepSupervisionScales,
            double oversampleForeground, boolean mirroring, int workers, long seed);

    /** Validation batches, sampled like training batches but without augmentation. */
    BatchSource validationBatches(int batchSize, int[] patchSize, double[][] deepSupervisionScales,
            double oversampleForeground, int workers, long seed);

    /** Opens the fold of a preprocessed dataset (creating {@code splits_final.json} when there is none). */
    @FunctionalInterface
    interface Opener {
        FoldData open(Path preprocessedDataset, Plans plans, String configuration, String fold) throws IOException;
    }

    /** The preprocessed dataset's fold, through {@link TrainingData}. */
    static FoldData preprocessed(Path preprocessedDataset, Plans plans, String configuration, String fold)
            throws IOException {
        TrainingData data = TrainingData.open(preprocessedDataset, plans, configuration, fold);
        return new FoldData() {
            @Override
            public List<String> trainCases() {
                return data.trainCases();
            }

            @Override
            public List<String> validationCases() {
                return data.validationCases();
            }

            @Override
            public BatchSource trainingBatches(int batchSize, int[] patchSize, double[][] scales,
                    double oversampleForeground, boolean mirroring, int workers, long seed) {
                return data.trainingBatches(batchSize, patchSize, scales, oversampleForeground, mirroring, workers,
                        seed);
            }

            @Override
            public BatchSource validationBatches(int batchSize, int[] patchSize, double[][] scales,
                    double oversampleForeground, int workers, long seed) {
                return data.validationBatches(batchSize, patchSize, scales, oversampleForeground, workers, seed);
            }
        };
    }
}
