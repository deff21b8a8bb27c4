package io.jnnunet.benchmarks;

import java.util.Collection;
import java.util.Locale;

/** The median of timed samples and how far they spread: quartiles, extremes and count. */
public record Spread(int n, double median, double lowerQuartile, double upperQuartile, double min, double max) {

    public static Spread of(Collection<Double> samples) {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        return new Spread(sorted.length, quantile(sorted, 0.5), quantile(sorted, 0.25), quantile(sorted, 0.75),
                sorted[0], sorted[sorted.length - 1]);
    }

    /** Linear interpolation between the closest ranks, numpy's default. */
    private static double quantile(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    /** The interquartile range relative to the median, e.g. 0.1 for ±5 %. */
    public double relativeSpread() {
        return (upperQuartile - lowerQuartile) / median;
    }

    /** "0.378 | 0.361–0.402 | 0.350–0.911 | 15" for a table row of median, quartiles, extremes and count. */
    public String cells(String format) {
        return String.format(Locale.ROOT, format + " | " + format + "–" + format + " | " + format + "–" + format
                + " | %d", median, lowerQuartile, upperQuartile, min, max, n);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "median %.3f, quartiles %.3f-%.3f, range %.3f-%.3f, n %d", median,
                lowerQuartile, upperQuartile, min, max, n);
    }
}
