package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/**
 * batchgeneratorsv2's {@code GaussianNoiseTransform} as nnU-Net uses it ({@code synchronize_channels=True},
 * {@code p_per_channel=1}): one standard deviation uniform in {@code [sigmaLow, sigmaHigh)} (nnU-Net's parameter is
 * named "variance" but used as the standard deviation) and one noise field added to every channel.
 */
public record GaussianNoiseTransform(double sigmaLow, double sigmaHigh) implements SampleTransform {

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        double sigma = SampleTransform.uniform(random, sigmaLow, sigmaHigh);
        float[] image = sample.image();
        int n = sample.voxels();
        for (int i = 0; i < n; i++) {
            float noise = (float) (random.nextGaussian() * sigma);
            for (int c = 0; c < sample.imageChannels(); c++) {
                image[c * n + i] += noise;
            }
        }
    }
}
