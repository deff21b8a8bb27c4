package io.jnnunet.training.internal.data;

import io.jnnunet.preprocessing.NumpyRandomState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** nnU-Net's splits (reference section 6.3): {@code generate_crossval_split} and the 80:20 fallback of {@code do_split}. */
final class CrossValidationSplits {

    /** nnU-Net's seed of the 5-fold split; the fallback of fold f uses {@code SEED + f}. */
    static final long SEED = 12345;
    static final int FOLDS = 5;

    private CrossValidationSplits() {
    }

    /**
     * scikit-learn's {@code KFold(n_splits, shuffle=True, random_state=seed)} over the given (sorted) identifiers: the
     * indices shuffled by numpy's {@code RandomState(seed)}, fold i validates on the i-th contiguous chunk (the first
     * {@code n % k} chunks one longer), trains on the rest; both lists in the identifiers' order.
     *
     * @throws IllegalArgumentException with fewer identifiers than folds, as scikit-learn refuses
     */
    static List<Split> generateCrossvalSplit(List<String> sortedIds, long seed, int nSplits) {
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
    static Split randomSplit(List<String> sortedIds, int fold) {
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

    static List<String> sorted(List<String> ids) {
        String[] array = ids.toArray(String[]::new);
        Arrays.sort(array);
        return List.of(array);
    }
}
