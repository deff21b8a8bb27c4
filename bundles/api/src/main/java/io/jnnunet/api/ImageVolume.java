package io.jnnunet.api;

import java.util.Arrays;

/**
 * One image (or segmentation) in nnU-Net's array layout: {@code channels} first, then three spatial axes
 * {@code shape = (x, y, z)} in the order the reader returns them, so a 2-D image of H rows and W columns has shape
 * {@code (1, H, W)}. Voxels of a channel are stored in row-major order (last axis fastest). {@code spacing} has three
 * entries in the same axis order as {@code shape}.
 *
 * <p>The arrays are shared, not copied: a volume is a view that its producer hands over and no longer changes.
 */
public record ImageVolume(int[] shape, double[] spacing, SampleType sampleType, float[][] channels) {

    public ImageVolume {
        if (shape == null || shape.length != 3) {
            throw new IllegalArgumentException("shape must have 3 spatial axes, got " + Arrays.toString(shape));
        }
        if (spacing == null || spacing.length != 3) {
            throw new IllegalArgumentException("spacing must have 3 entries, got " + Arrays.toString(spacing));
        }
        if (channels == null || channels.length == 0) {
            throw new IllegalArgumentException("an image needs at least one channel");
        }
        long voxels = voxelCount(shape);
        for (int c = 0; c < channels.length; c++) {
            if (channels[c].length != voxels) {
                throw new IllegalArgumentException("channel " + c + " has " + channels[c].length
                        + " voxels, shape " + Arrays.toString(shape) + " needs " + voxels);
            }
        }
    }

    /** A single-channel volume, as segmentations are. */
    public static ImageVolume of(int[] shape, double[] spacing, SampleType type, float[] data) {
        return new ImageVolume(shape, spacing, type, new float[][] {data});
    }

    public int channelCount() {
        return channels.length;
    }

    public long voxelCount() {
        return voxelCount(shape);
    }

    public float[] channel(int c) {
        return channels[c];
    }

    /** True for nnU-Net's representation of a 2-D image: a single slice along the first axis. */
    public boolean is2d() {
        return shape[0] == 1;
    }

    private static long voxelCount(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s <= 0) {
                throw new IllegalArgumentException("shape must be positive, got " + Arrays.toString(shape));
            }
            n *= s;
        }
        return n;
    }

    @Override
    public String toString() {
        return "ImageVolume[channels=" + channels.length + ", shape=" + Arrays.toString(shape)
                + ", spacing=" + Arrays.toString(spacing) + ", sampleType=" + sampleType + "]";
    }
}
