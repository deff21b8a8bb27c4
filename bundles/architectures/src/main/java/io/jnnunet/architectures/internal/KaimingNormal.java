package io.jnnunet.architectures.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * PyTorch's {@code kaiming_normal_(w, a)} in its default fan-in mode: N(0, gain² / fan_in) with gain
 * {@code sqrt(2 / (1 + a²))}. nnU-Net's {@code InitWeights_He(1e-2)} uses it for every conv and transposed-conv weight.
 */
final class KaimingNormal implements Initializer {

    private final double negativeSlope;

    KaimingNormal(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        // torch's fan_in is size(1) * receptive field, i.e. everything but dim 0; for a ConvTranspose weight
        // (in, out, *k) that is out * prod(k), which ConvTranspose reproduces by keeping torch's layout
        long fanIn = shape.size() / shape.get(0);
        double std = Math.sqrt(2.0 / (1 + negativeSlope * negativeSlope) / fanIn);
        return manager.randomNormal(0f, (float) std, shape, dataType);
    }
}
