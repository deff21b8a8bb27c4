package io.jnnunet.architectures.internal;

/**
 * nnU-Net's basic unit: conv (padding (k - 1) / 2) → InstanceNorm → LeakyReLU; the dropout of its name is never
 * planned. Children are named {@code conv}, {@code norm}, {@code nonlin} as in dynamic-network-architectures, so the
 * block tree spells nnU-Net's state-dict keys.
 */
final class ConvDropoutNormReLU extends Chain {

    private final InstanceNorm norm;

    /** @param nonlin false for the units whose output is added to a residual before the nonlinearity */
    ConvDropoutNormReLU(UNetConfig config, int outChannels, int[] kernel, int[] stride, boolean bias,
            boolean nonlin) {
        addChildBlock("conv", Layers.conv(config.dimensions(), outChannels, kernel, stride, bias));
        norm = addChildBlock("norm", new InstanceNorm(config.normEps(), config.normAffine()));
        if (nonlin) {
            addChildBlock("nonlin", new LeakyReLU(config.negativeSlope()));
        }
    }

    InstanceNorm norm() {
        return norm;
    }
}
