package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/** batchgeneratorsv2's {@code RemoveLabelTansform}: one segmentation value replaced by another (nnU-Net: -1 to 0). */
public record RemoveLabelTransform(short label, short setTo) implements SampleTransform {

    @Override
    public void apply(Sample sample, SplittableRandom random) {
        short[] seg = sample.seg();
        int n = sample.segChannels() * sample.voxels();
        for (int i = 0; i < n; i++) {
            if (seg[i] == label) {
                seg[i] = setTo;
            }
        }
    }
}
