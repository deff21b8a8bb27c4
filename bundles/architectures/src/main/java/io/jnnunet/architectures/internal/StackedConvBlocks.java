package io.jnnunet.architectures.internal;

/** {@code numConvs} ConvDropoutNormReLU units ({@code convs.i}); only the first carries the stride. */
final class StackedConvBlocks extends Chain {

    StackedConvBlocks(UNetConfig config, int numConvs, int outChannels, int[] kernel, int[] initialStride) {
        for (int i = 0; i < numConvs; i++) {
            addChildBlock("convs." + i, new ConvDropoutNormReLU(config, outChannels, kernel,
                    i == 0 ? initialStride : config.ones(), config.convBias(), true));
        }
    }
}
