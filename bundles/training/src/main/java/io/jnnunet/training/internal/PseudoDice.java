package io.jnnunet.training.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.stream.IntStream;

/**
 * nnU-Net's online evaluation ({@code validation_step} and {@code on_validation_epoch_end}): TP, FP and FN per
 * foreground class of the argmax of the full-resolution logits against the target, summed over all validation batches
 * of an epoch as if they were one image (voxels with the ignore label left out); then
 * {@code dice = 2TP / (2TP + FP + FN)}, NaN for a class absent from both prediction and target.
 */
final class PseudoDice {

    private final int classes;
    private final Integer ignoreLabel;
    private final long[] tp;
    private final long[] fp;
    private final long[] fn;

    /**
     * @param classes the network's outputs, background included
     * @param ignoreLabel the dataset's ignore label, or {@code null}
     */
    PseudoDice(int classes, Integer ignoreLabel) {
        this.classes = classes;
        this.ignoreLabel = ignoreLabel;
        this.tp = new long[classes - 1];
        this.fp = new long[classes - 1];
        this.fn = new long[classes - 1];
    }

    /**
     * @param logits (b, c, *spatial)
     * @param target (b, 1, *spatial), labels as floats
     */
    void add(NDArray logits, NDArray target) {
        NDArray predicted = DiceCeLoss.oneHot(logits.argMax(1).expandDims(1).toType(DataType.FLOAT32, false),
                classes);
        NDArray mask = ignoreLabel == null ? null : target.neq(ignoreLabel).toType(DataType.FLOAT32, false);
        NDArray truth = DiceCeLoss.oneHot(mask == null ? target : target.mul(mask), classes);
        if (mask != null) {
            truth = truth.mul(mask);
            predicted = predicted.mul(mask);
        }
        int[] axes = IntStream.range(0, logits.getShape().dimension()).filter(a -> a != 1).toArray();
        long[] batchTp = count(predicted.mul(truth), axes);
        long[] batchFp = count(predicted.mul(truth.neg().add(1)), axes);
        long[] batchFn = count(predicted.neg().add(1).mul(truth), axes);
        for (int c = 1; c < classes; c++) {
            tp[c - 1] += batchTp[c];
            fp[c - 1] += batchFp[c];
            fn[c - 1] += batchFn[c];
        }
    }

    private static long[] count(NDArray indicator, int[] axes) {
        return indicator.toType(DataType.INT64, false).sum(axes).toLongArray();
    }

    /** The pseudo Dice per foreground class. */
    double[] dice() {
        double[] dice = new double[tp.length];
        for (int c = 0; c < dice.length; c++) {
            dice[c] = 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
        }
        return dice;
    }
}
