package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/** batchgeneratorsv2's {@code MultiplicativeBrightnessTransform}: every channel times its own factor. */
public record MultiplicativeBrightnessTransform(BGContrast multiplier) implements SampleTransform {

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        float[] image = sample.image();
        int n = sample.voxels();
        for (int c = 0; c < sample.imageChannels(); c++) {
            float factor = (float) multiplier.sample(random);
            for (int i = c * n; i < (c + 1) * n; i++) {
                image[i] *= factor;
            }
        }
    }
}
