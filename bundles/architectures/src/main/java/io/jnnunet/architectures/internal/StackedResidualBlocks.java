package io.jnnunet.architectures.internal;

/** {@code numBlocks} BasicBlockD ({@code blocks.i}); only the first carries the stride and changes the channels. */
final class StackedResidualBlocks extends Chain {

    StackedResidualBlocks(UNetConfig config, int numBlocks, int inChannels, int outChannels, int[] kernel,
            int[] initialStride) {
        for (int i = 0; i < numBlocks; i++) {
            addChildBlock("blocks." + i, new BasicBlockD(config, i == 0 ? inChannels : outChannels, outChannels,
                    kernel, i == 0 ? initialStride : config.ones()));
        }
    }
}
