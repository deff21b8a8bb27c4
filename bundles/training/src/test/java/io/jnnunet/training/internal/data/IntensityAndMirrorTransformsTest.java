package io.jnnunet.training.internal.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;

public class IntensityAndMirrorTransformsTest {

    private static final List<SampleTransform> INTENSITY = List.of(
            new GaussianNoiseTransform(0, 0.1),
            new GaussianBlurTransform(0.5, 1.0, 1),
            new MultiplicativeBrightnessTransform(new BGContrast(0.75, 1.25)),
            new ContrastTransform(new BGContrast(0.75, 1.25), true),
            new SimulateLowResolutionTransform(0.5, 1, 1, new int[] {}),
            new GammaTransform(new BGContrast(0.7, 1.5), true),
            new GammaTransform(new BGContrast(0.7, 1.5), false));

    @Test
    public void intensityTransformsChangeTheImageButNotTheLabel() {
        for (SampleTransform transform : INTENSITY) {
            Sample sample = TestSamples.blobs(new int[] {40, 48}, 5, 7);
            for (int i = 0; i < sample.voxels(); i++) {
                sample.image()[i] += i % 7 * 0.1f; // not binary, so that gamma changes it
            }
            short[] seg = TestSamples.seg(sample);
            float[] image = TestSamples.image(sample);
            transform.apply(sample, new SplittableRandom(3));

            assertArrayEquals(transform.toString(), seg, TestSamples.seg(sample));
            assertArrayEquals(new int[] {40, 48}, sample.shape());
            assertFalse(transform.toString(), Arrays.equals(image, TestSamples.image(sample)));
        }
    }

    @Test
    public void mirroringFlipsImageAndLabelTogether() {
        Sample sample = TestSamples.blobs(new int[] {6, 20, 24}, 4, 9);
        for (int i = 0; i < sample.voxels(); i++) {
            sample.image()[i] = 10 * sample.seg()[i] + i;
        }
        float[] image = TestSamples.image(sample);
        short[] seg = TestSamples.seg(sample);
        MirrorTransform.flip(sample, 1);

        for (int z = 0; z < 6; z++) {
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 24; x++) {
                    int out = (z * 20 + y) * 24 + x;
                    int in = (z * 20 + 19 - y) * 24 + x;
                    assertEquals(image[in], sample.image()[out], 0);
                    assertEquals(seg[in], sample.seg()[out]);
                }
            }
        }
        for (long seed = 0; seed < 8; seed++) {
            Sample blobs = TestSamples.blobs(new int[] {30, 34}, 5, seed);
            new MirrorTransform(new int[] {0, 1}).apply(blobs, new SplittableRandom(seed));
            assertEquals(1.0, TestSamples.iou(blobs), 0);
        }
    }

    @Test
    public void gaussianBlurKernelsHaveNnUNetsSizesAndKeepConstantsConstant() {
        assertEquals(3, GaussianBlurTransform.kernel(0.5).length);   // 6 * 0.5 + 0.5 = 3.5 -> 4 -> 3
        assertEquals(7, GaussianBlurTransform.kernel(1.0).length);   // 6.5 -> 6 -> 7
        assertEquals(5, GaussianBlurTransform.kernel(0.7).length);   // 4.7 -> 5
        assertEquals(1.0, Arrays.stream(GaussianBlurTransform.kernel(0.8)).sum(), 1e-12);
        assertEquals(1, GaussianBlurTransform.reflect(-1, 5));
        assertEquals(3, GaussianBlurTransform.reflect(5, 5));

        Sample sample = new Sample();
        sample.reset(2, 1, new int[] {5, 6, 7});
        Arrays.fill(sample.image(), 3.5f);
        new GaussianBlurTransform(0.5, 1.0, 1).apply(sample, new SplittableRandom(1));
        for (int i = 0; i < 2 * sample.voxels(); i++) {
            assertEquals(3.5f, sample.image()[i], 1e-5);
        }
    }

    @Test
    public void gammaRestoresMeanAndStandardDeviation() {
        Sample sample = TestSamples.blobs(new int[] {30, 30}, 4, 1);
        SplittableRandom noise = new SplittableRandom(2);
        for (int i = 0; i < sample.voxels(); i++) {
            sample.image()[i] += (float) noise.nextGaussian();
        }
        double[] before = meanStd(sample.image(), sample.voxels());
        new GammaTransform(new BGContrast(0.7, 1.5), true).apply(sample, new SplittableRandom(4));
        double[] after = meanStd(sample.image(), sample.voxels());

        assertEquals(before[0], after[0], 1e-4);
        assertEquals(before[1], after[1], 1e-4);
    }

    @Test
    public void contrastStaysWithinTheOriginalRange() {
        Sample sample = TestSamples.blobs(new int[] {30, 30}, 4, 1);
        new ContrastTransform(new BGContrast(1.25, 1.25), true).apply(sample, new SplittableRandom(4));
        for (int i = 0; i < sample.voxels(); i++) {
            assertTrue(sample.image()[i] >= 0 && sample.image()[i] <= 10);
        }
    }

    @Test
    public void simulatedLowResolutionKeepsIgnoredAxesAndConstants() {
        Sample sample = new Sample();
        sample.reset(1, 1, new int[] {4, 10, 12});
        for (int i = 0; i < sample.voxels(); i++) {
            sample.image()[i] = i / 120; // varies along the first axis only
        }
        float[] image = TestSamples.image(sample);
        new SimulateLowResolutionTransform(0.5, 0.5, 1, new int[] {0}).apply(sample, new SplittableRandom(1));
        assertArrayEquals(image, TestSamples.image(sample), 1e-6f);
    }

    @Test
    public void lowResolutionIsNearestDownThenLinearUp() {
        Sample sample = new Sample();
        sample.reset(1, 1, new int[] {1, 4});
        float[] image = sample.image();
        image[0] = 0;
        image[1] = 4;
        image[2] = 8;
        image[3] = 12;
        new SimulateLowResolutionTransform(0.5, 0.5, 1, new int[] {}).apply(sample, new SplittableRandom(1));
        // zoom 0.5: (1, 4) -> (round(0.5) = 0 -> at least 1, 2): nearest-exact keeps columns 1 and 3 (4, 12);
        // linear back (align_corners=False) at 0, 0.25, 0.75, 1 of those two: 4, 6, 10, 12
        assertArrayEquals(new float[] {4, 6, 10, 12}, Arrays.copyOf(sample.image(), 4), 1e-6f);
    }

    @Test
    public void deepSupervisionTargetsAreNearestExactDownsamplings() {
        assertArrayEquals(new int[] {1, 3, 5, 7}, Resize.nearestExactIndices(8, 4));
        assertArrayEquals(new int[] {1, 5, 8}, Resize.nearestExactIndices(10, 3));
        assertArrayEquals(new int[] {2, 2}, Resize.scaledShape(new int[] {10, 6}, new double[] {0.25, 0.25}));

        Sample sample = new Sample();
        sample.reset(1, 1, new int[] {4, 8});
        for (int i = 0; i < 32; i++) {
            sample.seg()[i] = (short) i;
        }
        new DownsampleSegForDSTransform(new double[][] {{1, 1}, {0.5, 0.5}, {0.25, 0.25}})
                .apply(sample, new SplittableRandom(1));

        assertEquals(3, sample.targets().size());
        assertArrayEquals(new int[] {4, 8}, sample.targetShapes().get(0));
        assertArrayEquals(new int[] {2, 4}, sample.targetShapes().get(1));
        assertArrayEquals(new int[] {1, 2}, sample.targetShapes().get(2));
        assertEquals(31, sample.targets().get(0)[31]);
        // rows 1, 3; columns 1, 3, 5, 7
        assertArrayEquals(new short[] {9, 11, 13, 15, 25, 27, 29, 31}, Arrays.copyOf(sample.targets().get(1), 8));
        // row 2; columns 2, 6
        assertArrayEquals(new short[] {18, 22}, Arrays.copyOf(sample.targets().get(2), 2));
    }

    @Test
    public void paddingBecomesBackgroundAndMaskedImageZero() {
        Sample sample = TestSamples.blobs(new int[] {10, 10}, 2, 3);
        Arrays.fill(sample.seg(), 0, 10, (short) -1);
        new MaskImageTransform(new int[] {0}).apply(sample, new SplittableRandom(1));
        new RemoveLabelTransform((short) -1, (short) 0).apply(sample, new SplittableRandom(1));

        for (int i = 0; i < 10; i++) {
            assertEquals(0, sample.seg()[i]);
            assertEquals(0f, sample.image()[i], 0);
        }
        assertEquals(0, TestSamples.count(sample.seg(), 100, -1));
    }

    private static double[] meanStd(float[] values, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            squares += (values[i] - mean) * (values[i] - mean);
        }
        return new double[] {mean, Math.sqrt(squares / (n - 1))};
    }
}
