package io.jnnunet.planning.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The U-Net topology for a spacing and patch size, nnU-Net's {@code get_pool_and_conv_props}: which axes each stage
 * downsamples (stride 2), the conv kernel of each stage (1 along axes still much coarser than the finest one, else 3)
 * and the patch size padded up to a multiple of {@code 2^pools} per axis. Stage count = {@code strides.length}.
 *
 * @param numPoolPerAxis how often each axis is downsampled
 * @param strides per stage the stride of its first conv; the first stage's is all 1
 * @param kernelSizes per stage the conv kernel; the bottleneck's is all 3
 * @param patchSize the patch padded to {@code shapeMustBeDivisibleBy}
 * @param shapeMustBeDivisibleBy {@code 2^numPoolPerAxis}
 */
public record PoolingTopology(int[] numPoolPerAxis, int[][] strides, int[][] kernelSizes, int[] patchSize,
        int[] shapeMustBeDivisibleBy) {

    /** nnU-Net's {@code UNet_featuremap_min_edge_length}: the bottleneck's feature maps keep at least this edge. */
    public static final int MIN_FEATURE_MAP_SIZE = 4;

    /** The planners' topology: minimum edge 4, no limit on the number of pools. */
    public static PoolingTopology of(double[] spacing, int[] patchSize) {
        return of(spacing, Arrays.stream(patchSize).asDoubleStream().toArray(), MIN_FEATURE_MAP_SIZE,
                Integer.MAX_VALUE);
    }

    /**
     * The topology for a patch that may be fractional: nnU-Net clips the first patch to the median image shape, which
     * is x.5 for an even number of cases, and pools such sizes as {@code ceil(size / 2)}.
     */
    public static PoolingTopology of(double[] spacing, double[] patchSize, int minFeatureMapSize, int maxNumPool) {
        int dim = spacing.length;
        double[] currentSpacing = spacing.clone();
        double[] currentSize = patchSize.clone();
        int[] numPool = new int[dim];
        int[] kernel = new int[dim];
        Arrays.fill(kernel, 1);
        List<int[]> strides = new ArrayList<>();
        List<int[]> kernels = new ArrayList<>();
        strides.add(filled(dim, 1));

        while (true) {
            List<Integer> poolAxes = axesToPool(currentSpacing, currentSize, numPool, minFeatureMapSize, maxNumPool);
            if (poolAxes.isEmpty()) {
                break;
            }
            // kernels turn 3 once their axis is within a factor 2 of the finest spacing, and stay 3. (nnU-Net looks
            // the spacing up in the list of size-eligible axes by axis number; that differs only once an axis has
            // stopped pooling for size while another still has kernel 1, where it mixes up axes or fails.)
            double minSpacing = Arrays.stream(currentSpacing).min().orElseThrow();
            for (int d = 0; d < dim; d++) {
                if (kernel[d] == 1 && currentSpacing[d] / minSpacing < 2) {
                    kernel[d] = 3;
                }
            }
            int[] stride = filled(dim, 1);
            for (int axis : poolAxes) {
                stride[axis] = 2;
                numPool[axis]++;
                currentSpacing[axis] *= 2;
                currentSize[axis] = Math.ceil(currentSize[axis] / 2);
            }
            strides.add(stride);
            kernels.add(kernel.clone());
        }
        kernels.add(filled(dim, 3));

        int[] divisor = new int[dim];
        int[] padded = new int[dim];
        for (int d = 0; d < dim; d++) {
            divisor[d] = 1 << numPool[d];
            padded[d] = (int) (Math.ceil(patchSize[d] / divisor[d]) * divisor[d]);
        }
        return new PoolingTopology(numPool, strides.toArray(int[][]::new), kernels.toArray(int[][]::new), padded,
                divisor);
    }

    /** Number of resolution stages (pools + 1). */
    public int nStages() {
        return strides.length;
    }

    private static List<Integer> axesToPool(double[] spacing, double[] size, int[] numPool, int minFeatureMapSize,
            int maxNumPool) {
        List<Integer> large = new ArrayList<>();
        for (int d = 0; d < spacing.length; d++) {
            if (size[d] >= 2 * minFeatureMapSize) {
                large.add(d);
            }
        }
        if (large.isEmpty()) {
            return large;
        }
        double minSpacing = large.stream().mapToDouble(d -> spacing[d]).min().orElseThrow();
        List<Integer> axes = large.stream()
                .filter(d -> spacing[d] / minSpacing < 2 && numPool[d] < maxNumPool)
                .toList();
        // pooling a single axis alone needs a bit more room
        if (axes.size() == 1 && size[axes.get(0)] < 3 * minFeatureMapSize) {
            return List.of();
        }
        return axes;
    }

    private static int[] filled(int length, int value) {
        int[] array = new int[length];
        Arrays.fill(array, value);
        return array;
    }
}
