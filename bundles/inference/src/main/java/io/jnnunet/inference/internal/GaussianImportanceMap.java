package io.jnnunet.inference.internal;

import io.jnnunet.formats.Float16;

/**
 * nnU-Net's {@code compute_gaussian}: a delta at {@code size // 2} of every axis filtered with scipy's
 * {@code gaussian_filter} (sigma = size / 8, truncate 4, constant border), divided by a tenth of its maximum, cast to
 * float16 (through float32, as torch casts), the zeros replaced by the smallest non-zero value. A delta filtered by a
 * separable kernel is the product of the 1-D kernels, so it is computed that way, in scipy's arithmetic.
 */
final class GaussianImportanceMap {

    static final double SIGMA_SCALE = 1.0 / 8;
    static final double VALUE_SCALING_FACTOR = 10;
    private static final double TRUNCATE = 4;

    private GaussianImportanceMap() {
    }

    /** The map for a tile, row-major over the tile's axes (1 to 3 of them): float16 values. */
    static float[] of(int[] tile) {
        double[][] kernels = new double[tile.length][];
        for (int a = 0; a < tile.length; a++) {
            kernels[a] = axis(tile[a]);
        }
        int n = 1;
        for (int s : tile) {
            n *= s;
        }
        double[] values = new double[n];
        double max = 0;
        int[] index = new int[tile.length];
        for (int i = 0; i < n; i++) {
            double v = 1;
            for (int a = 0; a < tile.length; a++) {
                v *= kernels[a][index[a]];
            }
            values[i] = v;
            max = Math.max(max, v);
            for (int a = tile.length - 1; a >= 0 && ++index[a] == tile[a]; a--) {
                index[a] = 0;
            }
        }
        float[] map = new float[n];
        float smallest = Float.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            map[i] = Float16.round((float) (values[i] / (max / VALUE_SCALING_FACTOR)));
            if (map[i] > 0) {
                smallest = Math.min(smallest, map[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            if (map[i] == 0) {
                map[i] = smallest;
            }
        }
        return map;
    }

    /** scipy's 1-D Gaussian kernel (normalised, radius {@code int(truncate * sigma + 0.5)}) centred at size // 2. */
    private static double[] axis(int size) {
        double sigma = size * SIGMA_SCALE;
        int radius = (int) (TRUNCATE * sigma + 0.5);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int x = -radius; x <= radius; x++) {
            kernel[x + radius] = Math.exp(-0.5 / (sigma * sigma) * (x * x));
            sum += kernel[x + radius];
        }
        double[] values = new double[size];
        int centre = size / 2;
        for (int p = 0; p < size; p++) {
            int offset = p - centre;
            values[p] = Math.abs(offset) <= radius ? kernel[offset + radius] / sum : 0;
        }
        return values;
    }
}
