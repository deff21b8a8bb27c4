package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/**
 * batchgeneratorsv2's {@code Convert3DTo2DTransform} for nnU-Net's dummy-2D augmentation of anisotropic 3-D patches:
 * the first spatial axis is folded into the channels, {@code (c, x, y, z) -> (c·x, y, z)}, so the following spatial
 * transform works slice by slice. Undone by {@link Convert2DTo3DTransform}.
 */
public record Convert3DTo2DTransform() implements SampleTransform {

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        int[] shape = sample.shape();
        if (shape.length != 3) {
            throw new IllegalArgumentException("Convert3DTo2DTransform needs a 3-D sample");
        }
        sample.reshape(sample.imageChannels() * shape[0], sample.segChannels() * shape[0],
                new int[] {shape[1], shape[2]}, shape[0]);
    }
}
