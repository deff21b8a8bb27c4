package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/**
 * nnU-Net's {@code MaskImageTransform} (used when a channel was normalised with {@code use_mask_for_norm}): those
 * image channels are set to 0 where segmentation channel 0 is negative (outside the non-zero region, or padding).
 */
public record MaskImageTransform(int[] applyToChannels) implements SampleTransform {

    public MaskImageTransform {
        applyToChannels = applyToChannels.clone();
    }

    @Override
    public int[] applyToChannels() {
        return applyToChannels.clone();
    }

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        float[] image = sample.image();
        short[] seg = sample.seg();
        int n = sample.voxels();
        for (int c : applyToChannels) {
            for (int i = 0; i < n; i++) {
                if (seg[i] < 0) {
                    image[c * n + i] = 0f;
                }
            }
        }
    }
}
