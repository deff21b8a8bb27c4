package io.jnnunet.inference.internal;

/** nnU-Net's sliding-window geometry: tile positions and the centred padding of images smaller than a tile. */
final class SlidingWindow {

    private SlidingWindow() {
    }

    /**
     * {@code compute_steps_for_sliding_window}: per axis {@code n = ceil((size - tile) / (tile * step)) + 1} tiles,
     * spaced {@code (size - tile) / (n - 1)} apart and rounded. Example: size 110, tile 64, step 0.5 -> 0, 23, 46.
     */
    static int[][] steps(int[] size, int[] tile, double stepSize) {
        int[][] steps = new int[size.length][];
        for (int a = 0; a < size.length; a++) {
            if (size[a] < tile[a]) {
                throw new IllegalArgumentException("axis " + a + " of size " + size[a] + " is smaller than the tile "
                        + tile[a] + "; pad it first");
            }
            double target = tile[a] * stepSize;
            int n = (int) Math.ceil((size[a] - tile[a]) / target) + 1;
            double actual = n > 1 ? (double) (size[a] - tile[a]) / (n - 1) : 99999999999.0;
            steps[a] = new int[n];
            for (int i = 0; i < n; i++) {
                steps[a][i] = (int) Math.rint(actual * i); // numpy rounds half to even
            }
        }
        return steps;
    }

    /** Padding before each axis so the image is at least the tile, centred with the extra voxel at the end. */
    static int[] padBefore(int[] size, int[] tile) {
        int[] before = new int[size.length];
        for (int a = 0; a < size.length; a++) {
            before[a] = Math.max(0, tile[a] - size[a]) / 2;
        }
        return before;
    }

    static int[] paddedSize(int[] size, int[] tile) {
        int[] padded = new int[size.length];
        for (int a = 0; a < size.length; a++) {
            padded[a] = Math.max(size[a], tile[a]);
        }
        return padded;
    }
}
