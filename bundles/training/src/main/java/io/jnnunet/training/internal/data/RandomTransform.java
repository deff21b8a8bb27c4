package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/** batchgeneratorsv2's {@code RandomTransform}: applies a transform to a sample with a probability. */
public record RandomTransform(SampleTransform transform, double applyProbability) implements SampleTransform {

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        if (random.nextDouble() < applyProbability) {
            transform.apply(sample, random);
        }
    }
}
