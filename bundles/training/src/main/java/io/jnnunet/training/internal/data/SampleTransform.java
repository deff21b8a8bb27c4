package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/**
 * One step of batchgeneratorsv2's augmentation pipeline, applied to a {@link Sample} in place. Implementations keep no
 * mutable state (buffers live in the sample, randomness comes from the worker's generator), so one pipeline serves
 * all workers.
 */
@FunctionalInterface
public interface SampleTransform {

    void apply(Sample sample, SplittableRandom random);

    /** A uniform draw from {@code [low, high)}, numpy's {@code uniform(low, high)}. */
    static double uniform(SplittableRandom random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}
