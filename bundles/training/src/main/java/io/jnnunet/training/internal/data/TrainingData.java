package io.jnnunet.training.internal.data;

import io.jnnunet.api.NnunetPaths;
import io.jnnunet.formats.CrossValidationSplits;
import io.jnnunet.formats.PreprocessedCaseFiles;
import io.jnnunet.formats.Split;

import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.Plans;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data side of nnU-Net's trainer for one configuration and fold: the cases of the preprocessed folder, the
 * cross-validation split ({@code do_split}), and batches of augmented training patches and plain validation patches
 * ({@code get_dataloaders}).
 */
public final class TrainingData {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

    private final PreprocessedDataset dataset;
    private final ConfigurationPlan configuration;
    private final List<String> trainCases;
    private final List<String> validationCases;

    private TrainingData(PreprocessedDataset dataset, ConfigurationPlan configuration, List<String> trainCases,
            List<String> validationCases) {
        this.dataset = dataset;
        this.configuration = configuration;
        this.trainCases = List.copyOf(trainCases);
        this.validationCases = List.copyOf(validationCases);
    }

    /**
     * Reads the case list of {@code preprocessedDataset/<data_identifier>} and the split of the fold from
     * {@code preprocessedDataset/splits_final.json}, creating that file as nnU-Net does when it is missing (5-fold
     * KFold, seed 12345, over the sorted case identifiers). Fold {@code all}: train = validation = all cases. A fold
     * beyond the file's splits: nnU-Net's seeded random 80:20 split. Fewer than 5 cases and no split file: nnU-Net
     * would fail (scikit-learn refuses 5 folds); here every numbered fold trains and validates on all cases, like
     * {@code all}, and no file is written.
     *
     * @throws IOException when the folder or a case is missing, or the split file is malformed or names cases that
     *     were not preprocessed
     */
    public static TrainingData open(Path preprocessedDataset, Plans plans, String configuration, String fold)
            throws IOException {
        ConfigurationPlan config = plans.configuration(configuration);
        Path folder = preprocessedDataset.resolve(config.dataIdentifier());
        List<String> caseIds = PreprocessedCaseFiles.caseIdentifiers(folder);
        if (caseIds.isEmpty()) {
            throw new IOException("no preprocessed cases in " + folder);
        }
        Split split = CrossValidationSplits.split(preprocessedDataset, caseIds, fold);
        Set<String> present = new HashSet<>(caseIds);
        List<String> missing = Stream.concat(split.train().stream(), split.val().stream())
                .filter(id -> !present.contains(id)).distinct().limit(10).toList();
        if (!missing.isEmpty()) {
            throw new IOException(NnunetPaths.splitsFile(preprocessedDataset) + " names cases that are not in "
                    + folder + ": " + missing);
        }
        if (split.train().isEmpty()) {
            throw new IOException("fold " + fold + " has no training cases");
        }
        return new TrainingData(new PreprocessedDataset(folder), config, split.train(), split.val());
    }

    public List<String> trainCases() {
        return trainCases;
    }

    public List<String> validationCases() {
        return validationCases;
    }

    /**
     * Augmented batches of the training cases: nnU-Net's {@code nnUNetDataLoader} with the enlarged patch of
     * {@link AugmentationConfig#of} and {@link TrainingTransforms#training}.
     *
     * @param patchSize            the plans' patch size (2-D or 3-D)
     * @param dsScales             deep-supervision scales per axis, full resolution first ({@link
     *                             #deepSupervisionScales}); {@code null}: one full-resolution target
     * @param oversampleForeground nnU-Net's {@code oversample_foreground_percent} (0.33)
     * @param mirroring            mirror augmentation along every spatial axis, nnU-Net's default
     * @param workers              loader threads (0: batches are made in {@code next()})
     * @param seed                 base seed; each worker derives its own generator from it
     */
    public BatchSource trainingBatches(int batchSize, int[] patchSize, double[][] dsScales,
            double oversampleForeground, boolean mirroring, int workers, long seed) {
        AugmentationConfig nnunet = AugmentationConfig.of(patchSize);
        AugmentationConfig config = mirroring ? nnunet : nnunet.withoutMirroring();
        return batches(trainCases, batchSize, config.initialPatchSize(), patchSize, oversampleForeground,
                TrainingTransforms.training(patchSize, config, dsScales, configuration.useMaskForNorm()), workers,
                seed, "nnunet-train-data");
    }

    /**
     * Validation batches: patches of the validation cases at the final patch size, sampled with the same
     * oversampling, without augmentation ({@link TrainingTransforms#validation}).
     */
    public BatchSource validationBatches(int batchSize, int[] patchSize, double[][] dsScales,
            double oversampleForeground, int workers, long seed) {
        return batches(validationCases, batchSize, patchSize, patchSize, oversampleForeground,
                TrainingTransforms.validation(dsScales), workers, seed, "nnunet-val-data");
    }

    /**
     * Batches of any cases with any pipeline, for trainer variants: patches of {@code readPatchSize} are read (with
     * padding) and the transforms must bring them to {@code patchSize}.
     */
    public BatchSource batches(List<String> cases, int batchSize, int[] readPatchSize, int[] patchSize,
            double oversampleForeground, SampleTransform transforms, int workers, long seed, String threadName) {
        DataLoader loader = new DataLoader(dataset, cases, batchSize, readPatchSize, patchSize, oversampleForeground,
                transforms);
        return new BackgroundBatchSource(loader, workers, seed, threadName);
    }

    /**
     * nnU-Net's {@code _get_deep_supervision_scales} (reference section 5.4): per stage the cumulative product of
     * {@code 1 / stride} per axis, without the last (bottleneck) stage.
     */
    public static double[][] deepSupervisionScales(int[][] strides) {
        double[][] scales = new double[strides.length - 1][];
        int[] product = new int[strides[0].length];
        Arrays.fill(product, 1);
        for (int s = 0; s < strides.length - 1; s++) {
            scales[s] = new double[product.length];
            for (int d = 0; d < product.length; d++) {
                product[d] *= strides[s][d];
                scales[s][d] = 1.0 / product[d];
            }
        }
        return scales;
    }
}
