package io.jnnunet.benchmarks;

import io.jnnunet.formats.NumpyStats;
import java.util.Arrays;
import java.util.Collection;
import java.util.DoubleSummaryStatistics;
import java.util.Locale;

/** The median of timed samples and how far they spread: quartiles (numpy's percentiles), extremes and count. */
public record Spread(int n, double median, double lowerQuartile, double upperQuartile, double min, double max) {

    public static Spread of(Collection<Double> samples) {
        double[] values = samples.stream().mapToDouble(Double::doubleValue).toArray();
        DoubleSummaryStatistics extremes = Arrays.stream(values).summaryStatistics();
        return new Spread(values.length, NumpyStats.percentile(values, 50), NumpyStats.percentile(values, 25),
                NumpyStats.percentile(values, 75), extremes.getMin(), extremes.getMax());
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
