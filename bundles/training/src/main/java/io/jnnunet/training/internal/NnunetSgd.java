package io.jnnunet.training.internal;

import io.jnnunet.djl.NoGrad;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.jnnunet.api.TrainerSettings;
import java.util.List;

/**
 * nnU-Net's optimiser: {@code torch.optim.SGD(lr, momentum=0.99, nesterov=True, weight_decay=3e-5)} with
 * {@code clip_grad_norm_(parameters, 12)} before each step and the poly learning rate set at the start of each
 * epoch; a trainer variant's {@link TrainerSettings} change these numbers. Per parameter w with gradient g:
 * {@code d = g + wd·w}; {@code buf = d} at the first step, else {@code buf = mom·buf + d}; with Nesterov
 * {@code d = d + mom·buf}, else {@code d = buf}; {@code w = w − lr·d}. The updates run with PyTorch's grad mode off, as
 * torch's optimisers do, since in-place changes of leaves that require gradients are refused otherwise.
 */
final class NnunetSgd {

    /** torch's {@code clip_grad_norm_} adds it to the norm before dividing. */
    private static final double CLIP_EPSILON = 1e-6;

    private final List<NDArray> weights;
    private final NDArray[] momentumBuffers;
    private final TrainerSettings settings;
    private double learningRate;

    /**
     * @param weights the parameters' arrays, which must record gradients; updated in place
     * @param settings initial learning rate, momentum, Nesterov, weight decay, clipping norm and poly exponent
     */
    NnunetSgd(List<NDArray> weights, TrainerSettings settings) {
        this.weights = List.copyOf(weights);
        this.momentumBuffers = new NDArray[weights.size()];
        this.settings = settings;
        this.learningRate = settings.initialLr();
    }

    /** nnU-Net's {@code PolyLRScheduler}: {@code initial_lr · (1 − epoch/maxEpochs)^exponent}, 0.01 and 0.9. */
    double polyLearningRate(int epoch, int maxEpochs) {
        return polyLearningRate(epoch / (double) maxEpochs);
    }

    /**
     * The poly schedule at a share of the training done, 0 to 1: of the epochs (nnU-Net), or of the time budget (a
     * deadline run, whose learning rate so reaches its end value at the deadline however the pace changes).
     */
    double polyLearningRate(double share) {
        return settings.initialLr() * Math.pow(1 - share, settings.polyExponent());
    }

    double learningRate() {
        return learningRate;
    }

    void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    /**
     * Clips the gradients to the settings' global norm (12), updates every weight and zeroes the gradients for the
     * next backward pass (DJL's PyTorch engine accumulates them).
     *
     * @return the gradients' global L2 norm before clipping
     */
    double step() {
        try (NoGrad noGrad = NoGrad.enter(); NDScope scope = new NDScope()) {
            NDArray[] gradients = new NDArray[weights.size()];
            NDList defined = new NDList(weights.size());
            for (int i = 0; i < weights.size(); i++) {
                // null where no loss term reached the weight (the head that deep supervision weighs 0): torch's
                // SGD and clipping skip such a parameter, DJL's getGradient would hand out zeros instead
                gradients[i] = JniUtils.getGradient((PtNDArray) weights.get(i));
                if (gradients[i] != null) {
                    defined.add(gradients[i]);
                }
            }
            double norm = clipGradientNorm(defined, settings.gradClipNorm());
            if (defined.isEmpty()) {
                return norm;
            }
            // the step's numbers as arrays made once: DJL makes a new array for every number an operator takes,
            // about 600 per step otherwise (docs/performance.md, finding 8)
            NDManager manager = defined.get(0).getManager();
            Constants constants = new Constants(manager.create((float) settings.weightDecay()),
                    manager.create((float) settings.momentum()), manager.create((float) learningRate));
            for (int i = 0; i < weights.size(); i++) {
                if (gradients[i] != null) {
                    update(i, weights.get(i), gradients[i], constants);
                    JniUtils.zeroGrad((PtNDArray) weights.get(i));
                }
            }
            return norm;
        }
    }

    /** Weight decay, momentum and learning rate as float32 0-d arrays, the weights' type. */
    private record Constants(NDArray weightDecay, NDArray momentum, NDArray learningRate) {
    }

    private void update(int index, NDArray weight, NDArray gradient, Constants c) {
        NDArray d = gradient.add(weight.mul(c.weightDecay()));
        NDArray buffer = momentumBuffers[index];
        if (buffer == null) {
            buffer = d.duplicate();
            // outlives the step's scope; closed with the weights' manager
            NDScope.unregister(buffer);
            buffer.attach(weight.getManager());
            momentumBuffers[index] = buffer;
        } else {
            buffer.muli(c.momentum()).addi(d);
        }
        NDArray step = settings.nesterov() ? d.addi(buffer.mul(c.momentum())).muli(c.learningRate())
                : buffer.mul(c.learningRate());
        weight.subi(step);
    }

    /**
     * torch's {@code clip_grad_norm_}: scales all gradients in place by {@code min(1, max / (norm + 1e-6))}, the norm
     * being the L2 norm of all gradients together. Call with grad mode off.
     *
     * @return the norm before clipping
     */
    static double clipGradientNorm(NDList gradients, double maxNorm) {
        NDList norms = new NDList(gradients.size());
        for (NDArray gradient : gradients) {
            norms.add(gradient.norm());
        }
        double norm = NDArrays.stack(norms).norm().getFloat();
        double coefficient = Math.min(1, maxNorm / (norm + CLIP_EPSILON));
        if (coefficient < 1) {
            // torch multiplies by 1 too; skipping that changes no value
            try (NDArray scale = gradients.get(0).getManager().create((float) coefficient)) {
                for (NDArray gradient : gradients) {
                    gradient.muli(scale);
                }
            }
        }
        return norm;
    }

    /** The momentum buffers by weight, {@code null} before the first step; live arrays, not copies. */
    NDArray[] momentumBuffers() {
        return momentumBuffers.clone();
    }

    /**
     * Restores momentum buffers from a checkpoint, one per weight ({@code null} for a weight never updated); they are
     * copied to the weights' devices.
     */
    void setMomentumBuffers(List<float[]> buffers) {
        if (buffers.size() != weights.size()) {
            throw new IllegalArgumentException(
                    "momentum buffers for " + buffers.size() + " weights, the network has " + weights.size());
        }
        for (int i = 0; i < weights.size(); i++) {
            NDArray weight = weights.get(i);
            float[] values = buffers.get(i);
            if (values == null) {
                continue;
            }
            NDArray buffer = weight.getManager().create(values, weight.getShape());
            NDScope.unregister(buffer);
            if (momentumBuffers[i] != null) {
                momentumBuffers[i].close();
            }
            momentumBuffers[i] = buffer;
        }
    }
}
