package io.jnnunet.training.internal.data;

import java.util.List;
import java.util.SplittableRandom;

/** batchgeneratorsv2's {@code ComposeTransforms}: the transforms in order. */
public record ComposeTransforms(List<SampleTransform> transforms) implements SampleTransform {

    public ComposeTransforms {
        transforms = List.copyOf(transforms);
    }

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        for (SampleTransform transform : transforms) {
            transform.apply(sample, random);
        }
    }
}
