package io.jnnunet.training.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.jnnunet.djl.TorchScalar;
import java.util.stream.IntStream;

/**
 * nnU-Net's {@code DC_and_CE_loss} for labels, as {@code nnUNetTrainer._build_loss} configures it: 1 × cross-entropy
 * + 1 × (−soft Dice), the Dice being {@code MemoryEfficientSoftDiceLoss} on the softmax with {@code do_bg=False},
 * {@code smooth=1e-5} (the trainer variant's {@link io.jnnunet.api.TrainerSettings#diceSmooth()}, 0 for
 * {@code nnUNetTrainerDiceCELoss_noSmooth}) and {@code batch_dice} from the plans. Per foreground class
 * {@code dc = (2·Σp·y + smooth) / max(Σy + Σp + smooth, 1e-8)}, summed over space (and over the batch with batch
 * Dice), then averaged; the loss is therefore negative, about −1 at best.
 *
 * <p>With an ignore label, voxels carrying it are left out of both terms (CE's {@code ignore_index}, the Dice's loss
 * mask), and CE is skipped for a batch without any annotated voxel, as nnU-Net does. Built from differentiable
 * NDArray operations so that a GradientCollector records them.
 */
final class DiceCeLoss {

    private static final double MIN_DENOMINATOR = 1e-8;

    private final boolean batchDice;
    private final Integer ignoreLabel;
    private final double smooth;

    /**
     * @param ignoreLabel the dataset's ignore label, or {@code null}
     * @param smooth the soft Dice's smoothing term
     */
    DiceCeLoss(boolean batchDice, Integer ignoreLabel, double smooth) {
        this.batchDice = batchDice;
        this.ignoreLabel = ignoreLabel;
        this.smooth = smooth;
    }

    /**
     * @param logits (b, c, *spatial), the network's output before softmax
     * @param target (b, 1, *spatial), label values as floats
     * @return the loss, a scalar
     */
    NDArray compute(NDArray logits, NDArray target) {
        Shape shape = logits.getShape();
        int classes = Math.toIntExact(shape.get(1));
        int[] spatial = IntStream.range(2, shape.dimension()).toArray();
        NDArray mask = ignoreLabel == null ? null : target.neq(ignoreLabel).toType(DataType.FLOAT32, false);
        NDArray oneHot = oneHot(mask == null ? target : target.mul(mask), classes);

        NDArray crossEntropy = crossEntropy(logits, oneHot, mask);

        NDArray probabilities = logits.softmax(1).get(":, 1:");
        NDArray foreground = oneHot.get(":, 1:");
        if (mask != null) {
            probabilities = probabilities.mul(mask);
            foreground = foreground.mul(mask);
        }
        NDArray intersect = probabilities.mul(foreground).sum(spatial);
        NDArray sumPred = probabilities.sum(spatial);
        NDArray sumGt = foreground.sum(spatial);
        if (batchDice) {
            intersect = intersect.sum(new int[] {0});
            sumPred = sumPred.sum(new int[] {0});
            sumGt = sumGt.sum(new int[] {0});
        }
        // scalar operands made by libtorch: DJL's own would be freed under the backward pass (TorchScalar)
        NDArray smoothing = TorchScalar.of(intersect, smooth);
        NDArray dice = intersect.mul(TorchScalar.of(intersect, 2)).add(smoothing)
                .div(sumGt.add(sumPred).add(smoothing).maximum(TorchScalar.of(intersect, MIN_DENOMINATOR)));
        return crossEntropy == null ? dice.mean().neg() : crossEntropy.sub(dice.mean());
    }

    /** Mean over annotated voxels; {@code null} (no CE term) when a mask leaves none. */
    private static NDArray crossEntropy(NDArray logits, NDArray oneHot, NDArray mask) {
        NDArray nll = oneHot.mul(logits.logSoftmax(1)).sum(new int[] {1}, true).neg();
        if (mask == null) {
            return nll.mean();
        }
        NDArray annotated = mask.sum();
        if (annotated.getFloat() == 0) {
            return null;
        }
        return nll.mul(mask).sum().div(annotated);
    }

    /** (b, 1, *) labels to a (b, c, *) float one-hot encoding; labels outside 0..c-1 encode as all zeros. */
    static NDArray oneHot(NDArray labels, int classes) {
        long[] dims = new long[labels.getShape().dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[1] = classes;
        NDArray classIds = labels.getManager().arange(0f, classes, 1f, labels.getDataType()).reshape(new Shape(dims));
        return labels.eq(classIds).toType(DataType.FLOAT32, false);
    }
}
