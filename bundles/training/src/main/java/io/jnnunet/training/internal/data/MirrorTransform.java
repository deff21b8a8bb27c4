package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/** batchgeneratorsv2's {@code MirrorTransform}: each allowed spatial axis flipped with probability 0.5, image and seg. */
public record MirrorTransform(int[] allowedAxes) implements SampleTransform {

    public MirrorTransform {
        allowedAxes = allowedAxes.clone();
    }

    @Override
    public int[] allowedAxes() {
        return allowedAxes.clone();
    }

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        for (int axis : allowedAxes) {
            if (random.nextDouble() < 0.5) {
                flip(sample, axis);
            }
        }
    }

    /** Flips a spatial axis of the image and the segmentation in place. */
    static void flip(Sample sample, int axis) {
        float[] image = sample.image();
        short[] seg = sample.seg();
        mirrorPairs(sample.imageChannels(), sample.shape(), axis, (a, b) -> {
            float t = image[a];
            image[a] = image[b];
            image[b] = t;
        });
        mirrorPairs(sample.segChannels(), sample.shape(), axis, (a, b) -> {
            short t = seg[a];
            seg[a] = seg[b];
            seg[b] = t;
        });
    }

    /** The pairs of elements of a {@code (channels, *shape)} array that trade places when {@code axis} is flipped. */
    private static void mirrorPairs(int channels, int[] shape, int axis, IndexPair swap) {
        int length = shape[axis];
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int outer = channels * Sample.voxels(shape) / (length * inner);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < length / 2; i++) {
                int a = (o * length + i) * inner;
                int b = (o * length + length - 1 - i) * inner;
                for (int k = 0; k < inner; k++) {
                    swap.accept(a + k, b + k);
                }
            }
        }
    }
}
