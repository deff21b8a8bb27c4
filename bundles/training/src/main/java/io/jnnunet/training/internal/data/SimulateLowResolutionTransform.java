package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/**
 * batchgeneratorsv2's {@code SimulateLowResolutionTransform} as nnU-Net uses it: each channel with probability
 * {@code pPerChannel} gets one zoom uniform in {@code [zoomLow, zoomHigh)} for all axes except {@code ignoreAxes}
 * (dummy 2-D: the first), is resized to {@code round(shape · zoom)} with nearest-exact and back with (bi/tri)linear
 * interpolation. A zoomed axis keeps at least one voxel (torch would refuse an empty one).
 */
public record SimulateLowResolutionTransform(double zoomLow, double zoomHigh, double pPerChannel, int[] ignoreAxes)
        implements SampleTransform {

    public SimulateLowResolutionTransform {
        ignoreAxes = ignoreAxes.clone();
    }

    @Override
    public int[] ignoreAxes() {
        return ignoreAxes.clone();
    }

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        int[] shape = sample.shape();
        int n = sample.voxels();
        boolean[] applyToChannel = new boolean[sample.imageChannels()];
        for (int c = 0; c < applyToChannel.length; c++) {
            applyToChannel[c] = random.nextDouble() < pPerChannel;
        }
        for (int c = 0; c < applyToChannel.length; c++) {
            if (!applyToChannel[c]) {
                continue;
            }
            double zoom = SampleTransform.uniform(random, zoomLow, zoomHigh);
            int[] low = new int[shape.length];
            for (int d = 0; d < shape.length; d++) {
                low[d] = ignored(d) ? shape[d] : Math.max(1, (int) Math.rint(shape[d] * zoom));
            }
            double[] current = sample.scratch(1, n);
            double[] next = sample.scratch(2, n);
            float[] image = sample.image();
            int from = c * n;
            double[] downsampled = current;
            Resize.nearestExact(shape, low, (out, in) -> downsampled[out] = image[from + in]);
            int[] currentShape = low.clone();
            for (int d = 0; d < shape.length; d++) {
                if (currentShape[d] == shape[d]) {
                    continue;
                }
                Resize.linearAxis(current, currentShape, d, shape[d], next);
                currentShape[d] = shape[d];
                double[] swap = current;
                current = next;
                next = swap;
            }
            for (int i = 0; i < n; i++) {
                image[from + i] = (float) current[i];
            }
        }
    }

    private boolean ignored(int axis) {
        for (int a : ignoreAxes) {
            if (a == axis) {
                return true;
            }
        }
        return false;
    }
}
