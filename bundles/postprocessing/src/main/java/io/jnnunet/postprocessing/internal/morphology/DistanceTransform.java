package io.jnnunet.postprocessing.internal.morphology;

/**
 * Exact Euclidean distance transform (Felzenszwalb and Huttenlocher's separable lower envelope of parabolas), with the
 * nearest feature voxel of every voxel, like scipy's {@code distance_transform_edt(..., return_indices=True)} but
 * measured to the given feature voxels. Ties between equally near features may pick another voxel than scipy.
 */
public final class DistanceTransform {

    /**
     * Squared distances to the nearest feature ({@code +Infinity} when there is no feature), and that feature's flat
     * index ({@code -1} when there is none).
     */
    public record Result(double[] squaredDistances, int[] nearest) {

        public double[] distances() {
            double[] d = new double[squaredDistances.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.sqrt(squaredDistances[i]);
            }
            return d;
        }
    }

    private DistanceTransform() {
    }

    /** Distances of every voxel to the nearest voxel where {@code feature} is true, in voxel units. */
    public static Result toFeatures(boolean[] feature, Grid grid) {
        return toFeatures(feature, grid, new double[] {1, 1, 1});
    }

    /**
     * As {@link #toFeatures(boolean[], Grid)}, with a voxel size per axis ({@code sampling}, as scipy's), so distances
     * are in those units.
     */
    public static Result toFeatures(boolean[] feature, Grid grid, double[] sampling) {
        int n = grid.size();
        if (feature.length != n) {
            throw new IllegalArgumentException("mask has " + feature.length + " voxels, the grid " + n);
        }
        double[] f = new double[n];
        int[] nearest = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = feature[i] ? 0 : Double.POSITIVE_INFINITY;
            nearest[i] = feature[i] ? i : -1;
        }
        int[] shape = grid.shape();
        Envelope envelope = new Envelope(Math.max(shape[0], Math.max(shape[1], shape[2])));
        grid.forEachLine((axis, start, stride, length) -> envelope.transform(f, nearest, start, stride, length,
                sampling[axis] * sampling[axis]));
        return new Result(f, nearest);
    }

    /** Distances of every voxel of {@code foreground} to the nearest background voxel (0 on the background). */
    public static double[] insideDistances(boolean[] foreground, Grid grid) {
        boolean[] background = new boolean[foreground.length];
        for (int i = 0; i < background.length; i++) {
            background[i] = !foreground[i];
        }
        return toFeatures(background, grid).distances();
    }

    /** The 1-D pass along one line, with buffers reused across lines. */
    private static final class Envelope {
        private final double[] values;
        private final int[] sources;
        private final int[] parabolas;
        private final double[] bounds;

        Envelope(int length) {
            values = new double[length];
            sources = new int[length];
            parabolas = new int[length];
            bounds = new double[length + 1];
        }

        void transform(double[] f, int[] nearest, int start, int stride, int length, double weight) {
            int k = -1;
            for (int q = 0; q < length; q++) {
                int at = start + q * stride;
                values[q] = f[at];
                sources[q] = nearest[at];
                if (values[q] == Double.POSITIVE_INFINITY) {
                    continue;
                }
                double s = Double.NEGATIVE_INFINITY;
                while (k >= 0) {
                    int v = parabolas[k];
                    s = ((values[q] + weight * q * q) - (values[v] + weight * v * v)) / (2 * weight * (q - v));
                    if (s > bounds[k]) {
                        break;
                    }
                    k--;
                }
                k++;
                parabolas[k] = q;
                bounds[k] = k == 0 ? Double.NEGATIVE_INFINITY : s;
                bounds[k + 1] = Double.POSITIVE_INFINITY;
            }
            if (k < 0) {
                return; // no feature on this line: stays at infinity
            }
            int j = 0;
            for (int q = 0; q < length; q++) {
                while (bounds[j + 1] < q) {
                    j++;
                }
                int v = parabolas[j];
                int at = start + q * stride;
                f[at] = values[v] + weight * (q - v) * (double) (q - v);
                nearest[at] = sources[v];
            }
        }
    }
}
