package io.jnnunet.training.internal.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;

public class SpatialTransformTest {

    private static final double FULL = Math.PI;

    @Test
    public void rotationAndScalingKeepImageAndLabelAligned() {
        for (long seed = 0; seed < 20; seed++) {
            Sample sample = TestSamples.blobs(new int[] {90, 100}, 8, seed);
            new SpatialTransform(new int[] {64, 72}, 1, -FULL, FULL, 1, 0.7, 1.4)
                    .apply(sample, new SplittableRandom(seed));

            assertArrayEquals(new int[] {64, 72}, sample.shape());
            assertTrue("seed " + seed + ": " + TestSamples.iou(sample), TestSamples.iou(sample) >= 0.97);
        }
    }

    @Test
    public void threeDimensionalRotationKeepsImageAndLabelAligned() {
        for (long seed = 0; seed < 5; seed++) {
            Sample sample = TestSamples.blobs(new int[] {30, 34, 38}, 6, seed);
            double thirty = Math.toRadians(30);
            new SpatialTransform(new int[] {24, 26, 28}, 1, -thirty, thirty, 1, 0.7, 1.4)
                    .apply(sample, new SplittableRandom(seed));

            assertArrayEquals(new int[] {24, 26, 28}, sample.shape());
            assertTrue("seed " + seed + ": " + TestSamples.iou(sample), TestSamples.iou(sample) >= 0.97);
        }
    }

    @Test
    public void dummy2dAugmentationRotatesEverySliceTheSameWay() {
        Sample sample = TestSamples.blobs(new int[] {4, 40, 44}, 6, 3);
        new ComposeTransforms(List.of(new Convert3DTo2DTransform(),
                new SpatialTransform(new int[] {32, 36}, 1, -FULL, FULL, 1, 0.7, 1.4),
                new Convert2DTo3DTransform())).apply(sample, new SplittableRandom(5));

        assertArrayEquals(new int[] {4, 32, 36}, sample.shape());
        assertEquals(1, sample.imageChannels());
        assertEquals(1, sample.segChannels());
        assertTrue(TestSamples.iou(sample) >= 0.97);
    }

    @Test
    public void aQuarterTurnOfASquarePatchMovesVoxelsExactly() {
        Sample sample = TestSamples.blobs(new int[] {9, 9}, 2, 11);
        for (int i = 0; i < 81; i++) {
            sample.image()[i] = i;
        }
        float[] before = TestSamples.image(sample);
        short[] seg = TestSamples.seg(sample);
        double quarter = Math.PI / 2;
        new SpatialTransform(new int[] {9, 9}, 1, quarter, quarter, 0, 1, 1).apply(sample, new SplittableRandom(1));

        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 9; j++) {
                // out[i][j] = in[8 - j][i]
                assertEquals(before[(8 - j) * 9 + i], sample.image()[i * 9 + j], 1e-4);
                assertEquals(seg[(8 - j) * 9 + i], sample.seg()[i * 9 + j]);
            }
        }
    }

    @Test
    public void aNonSquarePatchIsStretchedAsBatchgeneratorsv2ScalesItsGrid() {
        Sample sample = new Sample();
        sample.reset(1, 1, new int[] {40, 40});
        for (int i = 0; i < 1600; i++) {
            sample.image()[i] = i / 40 + (i % 40) / 100f; // row + column / 100, linear in both
        }
        // no rotation, scale 1, but resampling forced: batchgeneratorsv2 divides the (x, y) grid by (40/20, 40/30)
        new SpatialTransform(new int[] {20, 30}, 0, 0, 0, 1, 1, 1).apply(sample, new SplittableRandom(1));

        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 30; j++) {
                double row = 19.5 + 1.5 * (i - 9.5);          // 40 * 30 / (20 * 40) = 1.5 voxels per row
                double column = 19.5 + 2.0 / 3 * (j - 14.5);  // 40 * 20 / (30 * 40)
                assertEquals(row + column / 100, sample.image()[i * 30 + j], 1e-4);
            }
        }
    }

    @Test
    public void withoutRotationOrScalingThePatchIsTheCentreCrop() {
        Sample sample = TestSamples.blobs(new int[] {11, 14}, 3, 2);
        for (int i = 0; i < sample.voxels(); i++) {
            sample.image()[i] = i;
        }
        new SpatialTransform(new int[] {6, 8}, 0, -FULL, FULL, 0, 0.7, 1.4).apply(sample, new SplittableRandom(1));

        // lower corner floor(11 / 2) - 6 // 2 = 2 and 14 / 2 - 8 / 2 = 3
        assertArrayEquals(new int[] {6, 8}, sample.shape());
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 8; j++) {
                assertEquals((i + 2) * 14 + j + 3, sample.image()[i * 8 + j], 0);
            }
        }
    }

    @Test
    public void voxelsSampledOutsideGetTheLowestLabelAndZeroImage() {
        Sample padded = TestSamples.blobs(new int[] {40, 40}, 3, 4);
        padded.seg()[0] = -1;
        TestSamples.syncImage(padded);
        Sample unpadded = TestSamples.blobs(new int[] {40, 40}, 3, 4);
        // zooming out by 1.4 without enlargement samples beyond the input near the corners
        SpatialTransform zoomOut = new SpatialTransform(new int[] {40, 40}, 0, 0, 0, 1, 1.4, 1.4);
        zoomOut.apply(padded, new SplittableRandom(1));
        zoomOut.apply(unpadded, new SplittableRandom(1));

        assertEquals(-1, padded.seg()[0]);
        assertEquals(0f, padded.image()[0], 0);
        assertEquals(0, unpadded.seg()[0]);
        assertTrue(TestSamples.count(padded.seg(), 1600, -1) > 100);
    }

    @Test
    public void aLabelNeedsMoreThanSevenTenthsOrTheLargestWeight() {
        // a 1-D edge: labels 0 | 2 | 1 sampled halfway between columns
        Sample sample = new Sample();
        sample.reset(1, 1, new int[] {1, 4});
        short[] seg = sample.seg();
        seg[0] = 0;
        seg[1] = 2;
        seg[2] = 2;
        seg[3] = 1;
        // scale 4/3 about the centre 1.5 maps the 3 output columns to input columns 0.17, 1.5, 2.83
        new SpatialTransform(new int[] {1, 3}, 0, 0, 0, 1, 4.0 / 3, 4.0 / 3).apply(sample, new SplittableRandom(1));

        assertEquals(0, sample.seg()[0]); // weights 0: 0.83, 2: 0.17
        assertEquals(2, sample.seg()[1]); // 2: 1.0
        assertEquals(1, sample.seg()[2]); // 2: 0.17, 1: 0.83
    }

    @Test
    public void equalWeightsGoToTheLowerLabel() {
        Sample sample = new Sample();
        sample.reset(1, 1, new int[] {1, 4});
        short[] seg = sample.seg();
        seg[0] = 0;
        seg[1] = 2;
        seg[2] = 1;
        seg[3] = 1;
        // scale 1 with resampling forced: output columns at input columns 0.5, 1.5, 2.5
        new SpatialTransform(new int[] {1, 3}, 0, 0, 0, 1, 1, 1).apply(sample, new SplittableRandom(1));

        assertEquals(0, sample.seg()[0]); // 0 and 2 at 0.5 each
        assertEquals(1, sample.seg()[1]); // 2 and 1 at 0.5 each
        assertEquals(1, sample.seg()[2]);
    }
}
