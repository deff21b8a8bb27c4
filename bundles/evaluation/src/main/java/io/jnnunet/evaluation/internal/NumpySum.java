package io.jnnunet.evaluation.internal;

/**
 * numpy's float64 {@code sum}: its identity 0.0 plus the pairwise sum of the values (eight accumulators in blocks of up
 * to 128), so means come out bit for bit as nnU-Net's {@code np.nanmean} and {@code np.mean} write them.
 */
final class NumpySum {

    private static final int BLOCK = 128;

    private NumpySum() {
    }

    static double sum(double[] values) {
        return 0.0 + pairwise(values, 0, values.length);
    }

    /** numpy's {@code nanmean}: NaNs count as 0 in the sum and not at all in the count; NaN when all are NaN. */
    static double nanMean(double[] values) {
        double[] zeroed = new double[values.length];
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                zeroed[i] = values[i];
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum(zeroed) / count;
    }

    static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : sum(values) / values.length;
    }

    private static double pairwise(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
    }
}
