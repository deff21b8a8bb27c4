package io.jnnunet.training.internal.data;

import java.util.SplittableRandom;

/** Samples for the transform tests: label maps of random disks (balls) and an image of {@code 10 · label}. */
final class TestSamples {

    private TestSamples() {
    }

    /** A 2-D (or 3-D) sample with random disks (balls) of label 1 on label 0, image {@code 10 · label}. */
    static Sample blobs(int[] shape, int count, long seed) {
        Sample sample = new Sample();
        sample.reset(1, 1, shape);
        int[] s3 = SpatialTransform.as3d(shape);
        SplittableRandom random = new SplittableRandom(seed);
        int n = sample.voxels();
        java.util.Arrays.fill(sample.seg(), 0, n, (short) 0);
        for (int b = 0; b < count; b++) {
            double cz = shape.length == 3 ? random.nextInt(s3[0]) : 0;
            double cy = random.nextInt(s3[1]);
            double cx = random.nextInt(s3[2]);
            double r = 3 + random.nextInt(Math.max(2, Math.min(s3[1], s3[2]) / 6));
            for (int z = 0; z < s3[0]; z++) {
                for (int y = 0; y < s3[1]; y++) {
                    for (int x = 0; x < s3[2]; x++) {
                        double dz = z - cz;
                        double dy = y - cy;
                        double dx = x - cx;
                        if (dz * dz + dy * dy + dx * dx <= r * r) {
                            sample.seg()[(z * s3[1] + y) * s3[2] + x] = 1;
                        }
                    }
                }
            }
        }
        syncImage(sample);
        return sample;
    }

    /** Sets the image to {@code 10 · seg}. */
    static void syncImage(Sample sample) {
        for (int i = 0; i < sample.voxels(); i++) {
            sample.image()[i] = 10f * sample.seg()[i];
        }
    }

    /** Intersection over union of {@code image > 5} and {@code seg == 1}. */
    static double iou(Sample sample) {
        int intersection = 0;
        int union = 0;
        for (int i = 0; i < sample.voxels(); i++) {
            boolean a = sample.image()[i] > 5;
            boolean b = sample.seg()[i] == 1;
            intersection += a && b ? 1 : 0;
            union += a || b ? 1 : 0;
        }
        return union == 0 ? 1 : (double) intersection / union;
    }

    static int count(short[] seg, int n, int label) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            c += seg[i] == label ? 1 : 0;
        }
        return c;
    }

    static float[] image(Sample sample) {
        return java.util.Arrays.copyOf(sample.image(), sample.imageChannels() * sample.voxels());
    }

    static short[] seg(Sample sample) {
        return java.util.Arrays.copyOf(sample.seg(), sample.segChannels() * sample.voxels());
    }
}
