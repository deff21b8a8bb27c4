package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/**
 * batchgeneratorsv2's {@code BGContrast} factor sampler: with probability 0.5 (when the range reaches below 1) a factor
 * from {@code [low, 1)}, else from {@code [max(low, 1), high)}, so darkening and brightening are equally likely
 * whatever the range's asymmetry.
 */
public record BGContrast(double low, double high) {

    public double sample(SplittableRandom random) {
        if (random.nextDouble() < 0.5 && low < 1) {
            return SampleTransform.uniform(random, low, 1);
        }
        return SampleTransform.uniform(random, Math.max(low, 1), high);
    }
}
