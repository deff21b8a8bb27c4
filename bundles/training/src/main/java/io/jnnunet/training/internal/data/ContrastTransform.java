package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/**
 * batchgeneratorsv2's {@code ContrastTransform}: per channel {@code x = (x - mean) * factor + mean}, then, with
 * {@code preserveRange}, clipped to the channel's minimum and maximum before the change.
 */
public record ContrastTransform(BGContrast contrast, boolean preserveRange) implements SampleTransform {

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        float[] image = sample.image();
        int n = sample.voxels();
        for (int c = 0; c < sample.imageChannels(); c++) {
            double factor = contrast.sample(random);
            int from = c * n;
            int to = from + n;
            double sum = 0;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                sum += image[i];
                min = Math.min(min, image[i]);
                max = Math.max(max, image[i]);
            }
            float mean = (float) (sum / n);
            for (int i = from; i < to; i++) {
                float value = (image[i] - mean) * (float) factor + mean;
                image[i] = preserveRange ? Math.min(Math.max(value, min), max) : value;
            }
        }
    }
}
