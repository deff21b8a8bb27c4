package io.jnnunet.architectures.internal;

/**
 * PlainConvUNet's encoder: per stage {@code n_conv_per_stage} units, strided-conv downsampling in the first. torch
 * wraps each stage's StackedConvBlocks in an {@code nn.Sequential}, hence the child name {@code stages.s.0}.
 */
final class PlainConvEncoder extends Encoder {

    PlainConvEncoder(UNetConfig config) {
        for (int s = 0; s < config.nStages(); s++) {
            addStage("stages." + s + ".0", new StackedConvBlocks(config, config.encoderDepths()[s],
                    config.features()[s], config.kernelSizes()[s], config.strides()[s]));
        }
    }
}
