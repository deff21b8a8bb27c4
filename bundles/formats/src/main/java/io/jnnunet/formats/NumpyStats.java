package io.jnnunet.formats;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The two statistics nnU-Net takes with numpy (planning, the fingerprint), reproduced to the last bit:
 * {@code np.median} (mean of the two middle values for an even count) and {@code np.percentile} with its default
 * linear interpolation.
 */
public final class NumpyStats {

    private NumpyStats() {
    }

    /** {@code np.median(values)}: NaN for no values, as numpy's. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = sorted(values);
        int n = sorted.length;
        int middle = n / 2;
        return n % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** {@code np.percentile(values, q)}, q in [0, 100], method "linear". */
    public static double percentile(double[] values, double q) {
        double[] sorted = sorted(values);
        double virtualIndex = (sorted.length - 1) * (q / 100);
        int below = (int) Math.floor(virtualIndex);
        int above = Math.min(below + 1, sorted.length - 1);
        double gamma = virtualIndex - below;
        double a = sorted[below];
        double diff = sorted[above] - a;
        // numpy's _lerp interpolates from the nearer end, which decides the last bit
        return gamma >= 0.5 ? sorted[above] - diff * (1 - gamma) : a + diff * gamma;
    }

    /** Per-axis {@code np.median(rows, 0)}. */
    public static double[] medianPerAxis(List<double[]> rows) {
        return perAxis(rows, NumpyStats::median);
    }

    /** Per-axis {@code np.percentile(rows, q, 0)}. */
    public static double[] percentilePerAxis(List<double[]> rows, double q) {
        return perAxis(rows, column -> percentile(column, q));
    }

    /** One axis of a list of vectors, e.g. the first spacing of every case. */
    public static double[] column(List<double[]> rows, int axis) {
        double[] column = new double[rows.size()];
        for (int i = 0; i < column.length; i++) {
            column[i] = rows.get(i)[axis];
        }
        return column;
    }

    /** The vectors as doubles (shapes are stored as ints). */
    public static List<double[]> asDoubles(List<int[]> rows) {
        return rows.stream().map(r -> Arrays.stream(r).asDoubleStream().toArray()).toList();
    }

    private static double[] perAxis(List<double[]> rows, ToDoubleFunction<double[]> statistic) {
        double[] result = new double[rows.get(0).length];
        for (int axis = 0; axis < result.length; axis++) {
            result[axis] = statistic.applyAsDouble(column(rows, axis));
        }
        return result;
    }

    private static double[] sorted(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }
}
