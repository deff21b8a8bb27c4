package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/**
 * batchgeneratorsv2's {@code DownsampleSegForDSTransform}: one target per deep-supervision scale, the segmentation
 * resized to {@code round(shape · scale)} with nearest-exact interpolation. The targets go to {@link Sample#targets()}, highest resolution first.
 */
public record DownsampleSegForDSTransform(double[][] dsScales) implements SampleTransform {

    public DownsampleSegForDSTransform {
        dsScales = copy(dsScales);
    }

    @Override
    public double[][] dsScales() {
        return copy(dsScales);
    }

    private static double[][] copy(double[][] scales) {
        return java.util.Arrays.stream(scales).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        int[] shape = sample.shape();
        int n = sample.voxels();
        sample.clearTargets();
        for (int s = 0; s < dsScales.length; s++) {
            if (dsScales[s].length != shape.length) {
                throw new IllegalArgumentException("deep-supervision scale " + s + " has " + dsScales[s].length
                        + " entries for a " + shape.length + "-D patch");
            }
            int[] scaled = Resize.scaledShape(shape, dsScales[s]);
            int m = Sample.voxels(scaled);
            short[] target = sample.target(s, sample.segChannels() * m, scaled);
            short[] seg = sample.seg();
            for (int c = 0; c < sample.segChannels(); c++) {
                int from = c * n;
                int to = c * m;
                // at scale 1 nearest-exact is the identity, batchgeneratorsv2's shortcut
                Resize.nearestExact(shape, scaled, (out, in) -> target[to + out] = seg[from + in]);
            }
        }
    }
}
