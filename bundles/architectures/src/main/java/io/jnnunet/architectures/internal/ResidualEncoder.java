package io.jnnunet.architectures.internal;

/**
 * ResidualEncoderUNet's encoder: a stem of one unit (kernel {@code kernel_sizes[0]}, stride 1, F[0] channels), then
 * per stage {@code n_blocks_per_stage} BasicBlockD, the first strided.
 */
final class ResidualEncoder extends Encoder {

    ResidualEncoder(UNetConfig config) {
        int[] features = config.features();
        addStem(new StackedConvBlocks(config, 1, features[0], config.kernelSizes()[0], config.ones()));
        for (int s = 0; s < config.nStages(); s++) {
            addStage("stages." + s, new StackedResidualBlocks(config, config.encoderDepths()[s],
                    features[Math.max(s - 1, 0)], features[s], config.kernelSizes()[s], config.strides()[s]));
        }
    }
}
