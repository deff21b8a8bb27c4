package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/**
 * batchgeneratorsv2's {@code GaussianBlurTransform} as nnU-Net uses it (channels and axes not synchronised): each
 * channel with probability {@code pPerChannel}, a sigma uniform in {@code [sigmaLow, sigmaHigh)} per axis, a
 * separable normalised Gaussian kernel of the odd size nearest to {@code 6·sigma + 0.5}, reflect padding (the edge
 * voxel is not repeated, torch's {@code "reflect"}).
 */
public record GaussianBlurTransform(double sigmaLow, double sigmaHigh, double pPerChannel) implements SampleTransform {

    private static final double TRUNCATE = 6;

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        int[] shape = sample.shape();
        boolean[] applyToChannel = new boolean[sample.imageChannels()];
        for (int c = 0; c < applyToChannel.length; c++) {
            applyToChannel[c] = random.nextDouble() < pPerChannel;
        }
        for (int c = 0; c < applyToChannel.length; c++) {
            if (!applyToChannel[c]) {
                continue;
            }
            for (int d = 0; d < shape.length; d++) {
                double sigma = SampleTransform.uniform(random, sigmaLow, sigmaHigh);
                blurAxis(sample, c, d, kernel(sigma));
            }
        }
    }

    /** {@code _build_kernel}: {@code exp(-x²/2σ²)} at the integers {@code -(k-1)/2 .. (k-1)/2}, normalised. */
    static double[] kernel(double sigma) {
        int size = roundToNearestOdd(sigma * TRUNCATE + 0.5);
        double[] kernel = new double[size];
        double half = (size - 1) * 0.5;
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double x = (i - half) / sigma;
            kernel[i] = Math.exp(-0.5 * x * x);
            sum += kernel[i];
        }
        for (int i = 0; i < size; i++) {
            kernel[i] /= sum;
        }
        return kernel;
    }

    /** {@code _round_to_nearest_odd}: Python's round (half to even), then the odd neighbour on the side of n. */
    static int roundToNearestOdd(double n) {
        int rounded = (int) Math.rint(n);
        if (Math.floorMod(rounded, 2) == 1) {
            return rounded;
        }
        return n - rounded >= 0 ? rounded + 1 : rounded - 1;
    }

    private static void blurAxis(Sample sample, int channel, int axis, double[] kernel) {
        int[] shape = sample.shape();
        int length = shape[axis];
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int outer = sample.voxels() / (length * inner);
        int radius = kernel.length / 2;
        double[] line = sample.scratch(0, length + 2 * radius);
        float[] image = sample.image();
        int base = channel * sample.voxels();
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < inner; k++) {
                int start = base + o * length * inner + k;
                for (int i = -radius; i < length + radius; i++) {
                    line[i + radius] = image[start + reflect(i, length) * inner];
                }
                for (int i = 0; i < length; i++) {
                    double value = 0;
                    for (int j = 0; j < kernel.length; j++) {
                        value += kernel[j] * line[i + j];
                    }
                    image[start + i * inner] = (float) value;
                }
            }
        }
    }

    /** torch's "reflect" index, repeated for axes shorter than the padding (where torch would refuse). */
    static int reflect(int i, int length) {
        if (length == 1) {
            return 0;
        }
        int period = 2 * (length - 1);
        int m = Math.floorMod(i, period);
        return m < length ? m : period - m;
    }
}
