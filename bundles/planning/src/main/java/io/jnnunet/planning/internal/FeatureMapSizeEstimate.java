package io.jnnunet.planning.internal;

import java.util.Arrays;

/**
 * The planners' memory estimate: dynamic-network-architectures' {@code compute_conv_feature_map_size}, the number of
 * output feature-map elements of every conv (and transposed conv) for batch size 1. Sizes are divided by strides with
 * floor division, as the network code does.
 */
public final class FeatureMapSizeEstimate {

    private FeatureMapSizeEstimate() {
    }

    /**
     * PlainConvUNet: {@code nConvPerStage[s]} convs of {@code features[s]} maps per encoder stage, then the decoder.
     *
     * @param deepSupervision count a segmentation head in every decoder stage, not only the last; the planners
     *        estimate without it
     */
    public static long plainConvUNet(int[] patch, int[][] strides, int[] features, int[] nConvPerStage,
            int[] nConvPerStageDecoder, int numOutputs, boolean deepSupervision) {
        int[][] stageSizes = stageSizes(patch, strides);
        long total = 0;
        for (int s = 0; s < strides.length; s++) {
            total += (long) nConvPerStage[s] * features[s] * product(stageSizes[s]);
        }
        return total + decoder(stageSizes, features, nConvPerStageDecoder, numOutputs, deepSupervision);
    }

    /**
     * ResidualEncoderUNet: a stem conv, then per stage {@code nBlocksPerStage[s]} residual blocks of two convs each;
     * the first block of a stage adds a projection on its skip when it changes channels or resolution.
     */
    public static long residualEncoderUNet(int[] patch, int[][] strides, int[] features, int[] nBlocksPerStage,
            int[] nConvPerStageDecoder, int numOutputs, boolean deepSupervision) {
        int[][] stageSizes = stageSizes(patch, strides);
        long total = features[0] * product(patch);
        int inputChannels = features[0];
        int[] inputSize = patch;
        for (int s = 0; s < strides.length; s++) {
            long maps = features[s] * product(stageSizes[s]);
            total += 2L * nBlocksPerStage[s] * maps;
            if (inputChannels != features[s] || !Arrays.equals(inputSize, stageSizes[s])) {
                total += maps;
            }
            inputChannels = features[s];
            inputSize = stageSizes[s];
        }
        return total + decoder(stageSizes, features, nConvPerStageDecoder, numOutputs, deepSupervision);
    }

    /** UNetDecoder: per decoder stage its convs plus the transposed conv, then the segmentation head(s). */
    private static long decoder(int[][] stageSizes, int[] features, int[] nConvPerStageDecoder, int numOutputs,
            boolean deepSupervision) {
        int stages = stageSizes.length;
        long total = 0;
        for (int d = 0; d < stages - 1; d++) {
            int skip = stages - 2 - d;
            long voxels = product(stageSizes[skip]);
            total += (nConvPerStageDecoder[d] + 1L) * features[skip] * voxels;
            if (deepSupervision || d == stages - 2) {
                total += numOutputs * voxels;
            }
        }
        return total;
    }

    /** Each stage's feature-map size: the patch floor-divided by the strides so far. */
    static int[][] stageSizes(int[] patch, int[][] strides) {
        int[][] sizes = new int[strides.length][];
        int[] size = patch;
        for (int s = 0; s < strides.length; s++) {
            int[] next = new int[size.length];
            for (int d = 0; d < size.length; d++) {
                next[d] = size[d] / strides[s][d];
            }
            sizes[s] = next;
            size = next;
        }
        return sizes;
    }

    static long product(int[] size) {
        long product = 1;
        for (int v : size) {
            product *= v;
        }
        return product;
    }
}
