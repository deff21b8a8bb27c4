package io.jnnunet.formats;

import io.jnnunet.api.NnunetPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jnnunet.formats.NumpyRandomState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * nnU-Net's splits (reference section 6.3): {@code generate_crossval_split} and the 80:20 fallback of
 * {@code do_split}.
 */
public final class CrossValidationSplits {

    private static final Logger LOG = LoggerFactory.getLogger(CrossValidationSplits.class);

    /** nnU-Net's seed of the 5-fold split; the fallback of fold f uses {@code SEED + f}. */
    public static final long SEED = 12345;
    public static final int FOLDS = 5;

    private CrossValidationSplits() {
    }

    /**
     * scikit-learn's {@code KFold(n_splits, shuffle=True, random_state=seed)} over the given (sorted) identifiers: the
     * indices shuffled by numpy's {@code RandomState(seed)}, fold i validates on the i-th contiguous chunk (the first
     * {@code n % k} chunks one longer), trains on the rest; both lists in the identifiers' order.
     *
     * @throws IllegalArgumentException with fewer identifiers than folds, as scikit-learn refuses
     */
    public static List<Split> generateCrossvalSplit(List<String> sortedIds, long seed, int nSplits) {
        int n = sortedIds.size();
        if (nSplits > n) {
            throw new IllegalArgumentException("cannot make " + nSplits + " folds of " + n + " cases");
        }
        int[] indices = new NumpyRandomState(seed).permutation(n);
        List<Split> splits = new ArrayList<>();
        int start = 0;
        for (int fold = 0; fold < nSplits; fold++) {
            int size = n / nSplits + (fold < n % nSplits ? 1 : 0);
            boolean[] isVal = new boolean[n];
            for (int i = start; i < start + size; i++) {
                isVal[indices[i]] = true;
            }
            start += size;
            List<String> train = new ArrayList<>();
            List<String> val = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (isVal[i] ? val : train).add(sortedIds.get(i));
            }
            splits.add(new Split(train, val));
        }
        return splits;
    }

    /**
     * {@code do_split}'s fallback for a fold beyond the split file: {@code int(0.8 n)} training cases drawn without
     * replacement by {@code RandomState(12345 + fold)} (in the order drawn), the others validate (in sorted order).
     */
    public static Split randomSplit(List<String> sortedIds, int fold) {
        int n = sortedIds.size();
        int[] trainIdx = new NumpyRandomState(SEED + fold).choiceWithoutReplacement(n, (int) (n * 0.8));
        boolean[] isTrain = new boolean[n];
        List<String> train = new ArrayList<>();
        for (int i : trainIdx) {
            isTrain[i] = true;
            train.add(sortedIds.get(i));
        }
        List<String> val = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!isTrain[i]) {
                val.add(sortedIds.get(i));
            }
        }
        return new Split(train, val);
    }

    public static List<String> sorted(List<String> ids) {
        String[] array = ids.toArray(String[]::new);
        Arrays.sort(array);
        return List.of(array);
    }

    /**
     * The split of a fold as nnU-Net's trainer takes it ({@code do_split}): from
     * {@code preprocessedDataset/splits_final.json}, creating that file when it is missing (5-fold KFold, seed 12345,
     * over the sorted case identifiers). Fold {@code all}: train = validation = all cases. A fold beyond the file's
     * splits: nnU-Net's seeded random 80:20 split. Fewer than 5 cases and no split file: nnU-Net would fail
     * (scikit-learn refuses 5 folds); here every numbered fold trains and validates on all cases, like {@code all},
     * and no file is written.
     *
     * @throws IOException when the split file is malformed
     */
    public static Split split(Path preprocessedDataset, List<String> caseIds, String fold) throws IOException {
        if (fold.equals("all")) {
            return new Split(caseIds, caseIds);
        }
        int foldIndex;
        try {
            foldIndex = Integer.parseInt(fold);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fold must be a number or 'all', got '" + fold + "'");
        }
        if (foldIndex < 0) {
            throw new IllegalArgumentException("fold must not be negative: " + fold);
        }
        Path splitsFile = NnunetPaths.splitsFile(preprocessedDataset);
        NnunetJson json = new NnunetJson();
        List<Split> splits;
        if (Files.exists(splitsFile)) {
            LOG.info("Using splits from existing split file: {}", splitsFile);
            Split[] read = json.read(splitsFile, Split[].class);
            if (Arrays.stream(read).anyMatch(s -> s == null)) {
                throw new IOException(splitsFile + " must hold a list of {\"train\": [...], \"val\": [...]}");
            }
            splits = List.of(read);
        } else if (caseIds.size() < FOLDS) {
            LOG.warn("Only {} cases, too few for a {}-fold split: fold {} trains and validates on all of them",
                    caseIds.size(), FOLDS, fold);
            return new Split(caseIds, caseIds);
        } else {
            LOG.info("Creating new 5-fold cross-validation split...");
            splits = generateCrossvalSplit(sorted(caseIds),
                    SEED, FOLDS);
            json.write(splitsFile, splits);
        }
        Split split;
        if (foldIndex < splits.size()) {
            split = splits.get(foldIndex);
        } else {
            LOG.info("You requested fold {} for training but splits contain only {} folds. Creating a random "
                    + "(but seeded) 80:20 split!", foldIndex, splits.size());
            split = randomSplit(sorted(caseIds), foldIndex);
        }
        LOG.info("Fold {}: {} training and {} validation cases", foldIndex, split.train().size(), split.val().size());
        if (split.train().stream().anyMatch(new HashSet<>(split.val())::contains)) {
            LOG.warn("Some validation cases are also in the training set. Please check the splits.json or ignore "
                    + "if this is intentional.");
        }
        return split;
    }
}
