package io.jnnunet.fingerprint.internal;

import io.jnnunet.api.IntensityProperties;
import io.jnnunet.formats.NumpyRandomState;
import java.util.Arrays;

/**
 * The foreground intensities sampled from one channel, and nnU-Net's statistics of their concatenation over cases.
 * Every statistic nnU-Net takes is independent of the samples' order, so the concatenation (10^8 values) is never
 * built: samples of 8- and 16-bit images are counted per value, other samples are kept in an array. Not thread-safe.
 */
final class ForegroundIntensities {

    /** The values an 8- or 16-bit sample can take. */
    private static final int INTEGER_VALUES = 1 << 16;

    private final int capacity;
    /** Samples per integer value, or null while there are none. */
    private long[] counts;
    /** The other samples, the first {@code size} entries; allocated at {@code capacity} when the first arrives. */
    private float[] values;
    private int size;

    /** An empty collection that will hold at most {@code capacity} non-integer samples. */
    ForegroundIntensities(int capacity) {
        this.capacity = capacity;
    }

    /**
     * nnU-Net's {@code rs.choice(foreground_pixels, num_samples)}: {@code numSamples} draws with replacement from the
     * foreground values (in C order), continuing the stream of {@code rs}; nothing is drawn from an empty foreground.
     *
     * @param integer whether every value is an integer in [0, 65535] (an 8- or 16-bit image), so it can be counted
     */
    static ForegroundIntensities sample(float[] foreground, int numSamples, NumpyRandomState rs, boolean integer) {
        ForegroundIntensities samples = new ForegroundIntensities(numSamples);
        if (foreground.length == 0) {
            return samples;
        }
        // choice(a, size) is randint(0, len(a), size): one masked draw per sample, so drawing one at a time is the
        // same stream without the index array
        if (integer) {
            samples.counts = new long[INTEGER_VALUES];
            for (int i = 0; i < numSamples; i++) {
                samples.counts[(int) foreground[(int) rs.randint(0, foreground.length)]]++;
            }
        } else {
            samples.values = new float[numSamples];
            for (int i = 0; i < numSamples; i++) {
                samples.values[i] = foreground[(int) rs.randint(0, foreground.length)];
            }
            samples.size = numSamples;
        }
        return samples;
    }

    /** Adds the samples of another collection (one case's) to these. */
    void add(ForegroundIntensities other) {
        if (other.counts != null) {
            if (counts == null) {
                counts = new long[INTEGER_VALUES];
            }
            for (int v = 0; v < INTEGER_VALUES; v++) {
                counts[v] += other.counts[v];
            }
        }
        if (other.size > 0) {
            reserve(other.size);
            System.arraycopy(other.values, 0, values, size, other.size);
            size += other.size;
        }
    }

    long count() {
        long n = size;
        if (counts != null) {
            for (long c : counts) {
                n += c;
            }
        }
        return n;
    }

    /**
     * mean, median, std (population), min, max and the 0.5 / 99.5 percentiles (numpy's linear interpolation) of all
     * samples. The mean and std are computed in double; numpy takes them of the float32 concatenation with float32
     * pairwise sums, so they can differ from nnU-Net's in the last float32 digits. Sorts the samples.
     *
     * @throws IllegalStateException when there are no samples
     */
    IntensityProperties statistics() {
        if (counts != null && size > 0) {
            // integer and other samples mixed (8/16-bit and float images in one dataset): order them together
            for (int v = 0; v < INTEGER_VALUES; v++) {
                int c = (int) counts[v];
                reserve(c);
                Arrays.fill(values, size, size + c, v);
                size += c;
            }
            counts = null;
        }
        long n = count();
        if (n == 0) {
            throw new IllegalStateException("no foreground samples");
        }
        if (values != null) {
            Arrays.parallelSort(values, 0, size);
        }
        double[] sum = new double[1];
        forEachValue((value, count) -> sum[0] += (double) value * count);
        double mean = sum[0] / n;
        double[] squares = new double[1];
        forEachValue((value, count) -> {
            double d = value - mean;
            squares[0] += d * d * count;
        });
        return new IntensityProperties(
                valueAt(n - 1),
                mean,
                percentile(50.0, n),
                valueAt(0),
                percentile(0.5, n),
                percentile(99.5, n),
                Math.sqrt(squares[0] / n));
    }

    /**
     * {@code np.percentile(samples, q)} with the default linear method: virtual index {@code (n - 1) * q / 100}, and
     * numpy's {@code _lerp}, which interpolates from the nearer neighbour and subtracts the two neighbours in the
     * samples' dtype (float32).
     */
    private double percentile(double q, long n) {
        double virtualIndex = (n - 1) * (q / 100);
        long below = (long) Math.floor(virtualIndex);
        long above = Math.min(below + 1, n - 1);
        double gamma = virtualIndex - below;
        float a = valueAt(below);
        float b = valueAt(above);
        float diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    /** The sample at a rank of the sorted concatenation (the values must be sorted). */
    private float valueAt(long rank) {
        if (counts == null) {
            return values[(int) rank];
        }
        long seen = 0;
        for (int v = 0; v < INTEGER_VALUES; v++) {
            seen += counts[v];
            if (rank < seen) {
                return v;
            }
        }
        throw new IndexOutOfBoundsException("rank " + rank + " of " + seen + " samples");
    }

    private interface ValueCount {
        void accept(float value, long count);
    }

    /** Every distinct integer value with its count, or every other sample once, in ascending order once sorted. */
    private void forEachValue(ValueCount consumer) {
        if (counts != null) {
            for (int v = 0; v < INTEGER_VALUES; v++) {
                if (counts[v] > 0) {
                    consumer.accept(v, counts[v]);
                }
            }
        }
        for (int i = 0; i < size; i++) {
            consumer.accept(values[i], 1);
        }
    }

    /** Makes room for {@code more} samples. */
    private void reserve(int more) {
        if (values == null) {
            values = new float[capacity];
        }
        if (more > capacity - size) {
            throw new IllegalStateException("more than the " + capacity + " samples expected");
        }
    }
}
