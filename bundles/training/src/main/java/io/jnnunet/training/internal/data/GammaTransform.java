package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/**
 * batchgeneratorsv2's {@code GammaTransform} as nnU-Net uses it ({@code p_per_channel=1}, {@code p_retain_stats=1}):
 * per channel, optionally on the negated image ({@code invertImage}), rescale to {@code [0, 1]}, raise to a gamma,
 * scale back, then restore the channel's mean and (unbiased, as {@code torch.std}) standard deviation.
 */
public record GammaTransform(BGContrast gamma, boolean invertImage) implements SampleTransform {

    private static final double EPSILON = 1e-7;

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        float[] image = sample.image();
        int n = sample.voxels();
        float sign = invertImage ? -1f : 1f;
        for (int c = 0; c < sample.imageChannels(); c++) {
            double g = gamma.sample(random);
            int from = c * n;
            int to = from + n;
            double[] stats = stats(image, from, to, sign);
            double mean = stats[0];
            double std = stats[1];
            double min = stats[2];
            double range = stats[3] - min;
            double divisor = Math.max(range, EPSILON);
            for (int i = from; i < to; i++) {
                image[i] = (float) (Math.pow((sign * image[i] - min) / divisor, g) * range + min);
            }
            double[] after = stats(image, from, to, 1f);
            float shift = (float) after[0];
            float factor = (float) (std / Math.max(after[1], EPSILON));
            for (int i = from; i < to; i++) {
                image[i] = sign * ((image[i] - shift) * factor + (float) mean);
            }
        }
    }

    /** Mean, unbiased standard deviation, minimum and maximum of {@code sign * x}. */
    private static double[] stats(float[] image, int from, int to, float sign) {
        int n = to - from;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            double v = sign * image[i];
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = from; i < to; i++) {
            double d = sign * image[i] - mean;
            squares += d * d;
        }
        return new double[] {mean, n > 1 ? Math.sqrt(squares / (n - 1)) : 0, min, max};
    }
}
