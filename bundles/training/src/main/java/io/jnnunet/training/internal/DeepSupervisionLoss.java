package io.jnnunet.training.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.jnnunet.djl.TorchScalar;
import java.util.List;

/**
 * nnU-Net's {@code DeepSupervisionWrapper}: the weighted sum of a loss over the network's outputs, full resolution
 * first, against targets downsampled to the same scales. Weights {@code 1/2^i}, the lowest resolution's set to 0, then
 * normalised to sum 1; outputs with weight 0 are not evaluated.
 */
final class DeepSupervisionLoss {

    private final DiceCeLoss loss;
    private final double[] weights;

    DeepSupervisionLoss(DiceCeLoss loss, int outputs) {
        this.loss = loss;
        this.weights = weights(outputs);
    }

    /**
     * nnU-Net's weights for {@code outputs} heads, e.g. 5 → [0.533, 0.267, 0.133, 0.067, 0]. A single head (a
     * two-stage network, where nnU-Net's normalisation would divide by zero) gets weight 1.
     */
    static double[] weights(int outputs) {
        if (outputs < 1) {
            throw new IllegalArgumentException("deep supervision needs at least one output, got " + outputs);
        }
        double[] weights = new double[outputs];
        if (outputs == 1) {
            weights[0] = 1;
            return weights;
        }
        double sum = 0;
        for (int i = 0; i < outputs - 1; i++) {
            weights[i] = 1 / Math.pow(2, i);
            sum += weights[i];
        }
        for (int i = 0; i < outputs; i++) {
            weights[i] /= sum;
        }
        return weights;
    }

    /**
     * @param outputs the network's outputs, full resolution first
     * @param targets one target per output, same order
     */
    NDArray compute(NDList outputs, List<NDArray> targets) {
        if (outputs.size() != weights.length || targets.size() != weights.length) {
            throw new IllegalArgumentException("deep supervision over " + weights.length + " outputs got "
                    + outputs.size() + " outputs and " + targets.size() + " targets");
        }
        NDArray total = null;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] != 0) {
                // the weight of the loss's type, in memory libtorch owns, since the backward pass reads it
                NDArray term = loss.compute(outputs.get(i), targets.get(i));
                term = term.mul(TorchScalar.of(term, weights[i]));
                total = total == null ? term : total.add(term);
            }
        }
        return total;
    }
}
