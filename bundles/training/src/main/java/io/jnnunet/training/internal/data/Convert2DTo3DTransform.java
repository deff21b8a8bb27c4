package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/** batchgeneratorsv2's {@code Convert2DTo3DTransform}: unfolds what {@link Convert3DTo2DTransform} folded. */
public record Convert2DTo3DTransform() implements SampleTransform {

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        int folded = sample.foldedAxisLength();
        if (folded == 0) {
            throw new IllegalStateException("Convert2DTo3DTransform without a preceding Convert3DTo2DTransform");
        }
        int[] shape = sample.shape();
        sample.reshape(sample.imageChannels() / folded, sample.segChannels() / folded,
                new int[] {folded, shape[0], shape[1]}, 0);
    }
}
