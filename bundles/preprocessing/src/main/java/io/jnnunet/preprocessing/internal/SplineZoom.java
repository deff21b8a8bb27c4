package io.jnnunet.preprocessing.internal;

/**
 * One axis of {@code scipy.ndimage.zoom(input, zoom, order, mode='nearest', grid_mode=True)} on a row-major 3-D
 * array: B-spline interpolation of order 0 to 5 at the pixel-centre-aligned coordinates
 * {@code (k + 0.5) * (n / newLength) - 0.5}, with edge values extended outwards. As in scipy 1.6+, orders above 1
 * prefilter a copy padded with {@value #PREPAD} edge values on each side ({@code _prepad_for_spline_filter}) with the
 * {@code 'nearest'} filter boundary ({@code ni_splines.c}, reflect initialisation). A B-spline zoom is a tensor product,
 * so zooming the axes one after the other gives scipy's N-D result up to float rounding, at a fraction of the cost.
 * The same pass with order 0 is {@code map_coordinates(order=0, mode='nearest')} at those coordinates.
 */
final class SplineZoom {

    /** Edge values scipy pads before prefiltering in mode {@code 'nearest'}. */
    static final int PREPAD = 12;
    static final int MAX_ORDER = 5;

    private SplineZoom() {
    }

    /** The array with axis {@code axis} of {@code shape} resampled to {@code newLength} samples. */
    static double[] zoomAxis(double[] in, int[] shape, int axis, int newLength, int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("spline order must be 0..5, got " + order);
        }
        int n = shape[axis];
        int outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= shape[a];
        }
        int inner = 1;
        for (int a = axis + 1; a < shape.length; a++) {
            inner *= shape[a];
        }
        int pad = order > 1 ? PREPAD : 0;
        int m = n + 2 * pad;
        int taps = order + 1;
        int[] index = new int[newLength * taps];
        double[] weights = new double[newLength * taps];
        prepareTaps(n, newLength, order, pad, index, weights);

        // the axis of one outer index as an (m x inner) block, so every step runs along contiguous rows
        double[] block = new double[m * inner];
        double[] out = new double[outer * newLength * inner];
        for (int o = 0; o < outer; o++) {
            int base = o * n * inner;
            for (int r = 0; r < m; r++) {
                int source = Math.min(Math.max(r - pad, 0), n - 1);
                System.arraycopy(in, base + source * inner, block, r * inner, inner);
            }
            if (order > 1) {
                prefilter(block, m, inner, order);
            }
            int outBase = o * newLength * inner;
            for (int k = 0; k < newLength; k++) {
                int row = outBase + k * inner;
                for (int h = 0; h < taps; h++) {
                    double w = weights[k * taps + h];
                    int source = index[k * taps + h] * inner;
                    for (int j = 0; j < inner; j++) {
                        out[row + j] += w * block[source + j];
                    }
                }
            }
        }
        return out;
    }

    /** Per output sample: the (edge-clamped) rows it reads and their weights, as {@code NI_ZoomShift} computes them. */
    private static void prepareTaps(int n, int newLength, int order, int pad, int[] index, double[] weights) {
        int taps = order + 1;
        int m = n + 2 * pad;
        double zoom = (double) n / newLength;
        double[] w = new double[taps];
        for (int k = 0; k < newLength; k++) {
            double cc = ((k + 0.5) * zoom - 0.5) + pad;
            int start = (order & 1) == 1 ? (int) Math.floor(cc) - order / 2 : (int) Math.floor(cc + 0.5) - order / 2;
            splineWeights(cc, order, w);
            for (int h = 0; h < taps; h++) {
                index[k * taps + h] = Math.min(Math.max(start + h, 0), m - 1);
                weights[k * taps + h] = w[h];
            }
        }
    }

    /** scipy's {@code get_spline_interpolation_weights}; order 0 has the single weight 1. */
    static void splineWeights(double x, int order, double[] weights) {
        x -= Math.floor((order & 1) == 1 ? x : x + 0.5);
        double y = x;
        double z = 1.0 - x;
        double t;
        switch (order) {
            case 0 -> {
            }
            case 1 -> weights[0] = 1.0 - x;
            case 2 -> {
                weights[1] = 0.75 - x * x;
                y = 0.5 - x;
                weights[0] = 0.5 * y * y;
            }
            case 3 -> {
                weights[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
                weights[2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
                weights[0] = z * z * z / 6.0;
            }
            case 4 -> {
                t = x * x;
                weights[2] = t * (t * 0.25 - 0.625) + 115.0 / 192.0;
                y = 1.0 + x;
                weights[1] = y * (y * (y * (5.0 - y) / 6.0 - 1.25) + 5.0 / 24.0) + 55.0 / 96.0;
                weights[3] = z * (z * (z * (5.0 - z) / 6.0 - 1.25) + 5.0 / 24.0) + 55.0 / 96.0;
                y = 0.5 - x;
                t = y * y;
                weights[0] = t * t / 24.0;
            }
            case 5 -> {
                t = y * y;
                weights[2] = t * (t * (0.25 - y / 12.0) - 0.5) + 0.55;
                t = z * z;
                weights[3] = t * (t * (0.25 - z / 12.0) - 0.5) + 0.55;
                y += 1.0;
                weights[1] = y * (y * (y * (y * (y / 24.0 - 0.375) + 1.25) - 1.75) + 0.625) + 0.425;
                z += 1.0;
                weights[4] = z * (z * (z * (z * (z / 24.0 - 0.375) + 1.25) - 1.75) + 0.625) + 0.425;
                y = 1.0 - x;
                t = y * y;
                weights[0] = y * t * t / 120.0;
            }
            default -> throw new IllegalArgumentException("spline order must be 0..5, got " + order);
        }
        // the weights add up to 1, which gives the last one
        weights[order] = 1.0;
        for (int i = 0; i < order; i++) {
            weights[order] -= weights[i];
        }
    }

    /** scipy's {@code get_filter_poles}. */
    private static double[] poles(int order) {
        return switch (order) {
            case 2 -> new double[] {-0.171572875253809902396622551580603843};
            case 3 -> new double[] {-0.267949192431122706472553658494127633};
            case 4 -> new double[] {-0.361341225900220177092212841325675255, -0.013725429297339121360331226939128204};
            case 5 -> new double[] {-0.430575347099973791851434783493520110, -0.043096288203264653822712376822550182};
            default -> throw new IllegalArgumentException("no spline prefilter for order " + order);
        };
    }

    /**
     * scipy's {@code apply_filter} in mode {@code 'nearest'} ({@code _init_causal_reflect},
     * {@code _init_anticausal_reflect}) along the rows of an {@code (m x inner)} block, every column a line.
     */
    private static void prefilter(double[] c, int m, int inner, int order) {
        double[] poles = poles(order);
        double gain = 1.0;
        for (double z : poles) {
            gain *= (1.0 - z) * (1.0 - 1.0 / z);
        }
        for (int i = 0; i < c.length; i++) {
            c[i] *= gain;
        }
        double[] first = new double[inner];
        double[] sum = new double[inner];
        int last = (m - 1) * inner;
        for (double z : poles) {
            double zn = Math.pow(z, m);
            System.arraycopy(c, 0, first, 0, inner);
            for (int j = 0; j < inner; j++) {
                sum[j] = c[j] + zn * c[last + j];
            }
            double zi = z;
            for (int i = 1; i < m; i++) {
                int row = i * inner;
                int mirrored = (m - 1 - i) * inner;
                for (int j = 0; j < inner; j++) {
                    sum[j] += zi * (c[row + j] + zn * c[mirrored + j]);
                }
                zi *= z;
            }
            double scale = z / (1 - zn * zn);
            for (int j = 0; j < inner; j++) {
                c[j] = sum[j] * scale + first[j];
            }
            for (int i = 1; i < m; i++) {
                int row = i * inner;
                for (int j = 0; j < inner; j++) {
                    c[row + j] += z * c[row - inner + j];
                }
            }
            double anticausal = z / (z - 1);
            for (int j = 0; j < inner; j++) {
                c[last + j] *= anticausal;
            }
            for (int i = m - 2; i >= 0; i--) {
                int row = i * inner;
                for (int j = 0; j < inner; j++) {
                    c[row + j] = z * (c[row + inner + j] - c[row + j]);
                }
            }
        }
    }
}
