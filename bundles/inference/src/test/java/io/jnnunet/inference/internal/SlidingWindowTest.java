package io.jnnunet.inference.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class SlidingWindowTest {

    @Test
    public void stepsAreSpreadEvenlyAndRoundedAsNumpyDoes() {
        // nnU-Net's own example: size 110, tile 64, step 0.5
        assertArrayEquals(new int[] {0, 23, 46}, SlidingWindow.steps(new int[] {110}, new int[] {64}, 0.5)[0]);
        // 520 x 696 under a 320 x 384 tile: 3 x 3 tiles
        int[][] steps = SlidingWindow.steps(new int[] {520, 696}, new int[] {320, 384}, 0.5);
        assertArrayEquals(new int[] {0, 100, 200}, steps[0]);
        assertArrayEquals(new int[] {0, 156, 312}, steps[1]);
        // an image exactly the tile: one position; step 1 over twice the tile: two
        assertArrayEquals(new int[] {0}, SlidingWindow.steps(new int[] {64}, new int[] {64}, 0.5)[0]);
        assertArrayEquals(new int[] {0, 64}, SlidingWindow.steps(new int[] {128}, new int[] {64}, 1)[0]);
        // 0.5 * 5 = 2.5 rounds to even (2), as np.round does
        assertArrayEquals(new int[] {0, 2, 5, 8, 10},
                SlidingWindow.steps(new int[] {14}, new int[] {4}, 0.75)[0]);
    }

    @Test
    public void smallImagesArePaddedCentredWithTheExtraVoxelAtTheEnd() {
        assertArrayEquals(new int[] {64, 70}, SlidingWindow.paddedSize(new int[] {51, 70}, new int[] {64, 48}));
        assertArrayEquals(new int[] {6, 0}, SlidingWindow.padBefore(new int[] {51, 70}, new int[] {64, 48}));
    }

    @Test(expected = IllegalArgumentException.class)
    public void stepsNeedAnImageAtLeastTheTile() {
        SlidingWindow.steps(new int[] {10}, new int[] {64}, 0.5);
    }

    @Test
    public void gaussianMatchesScipyInFloat16() {
        // values of nnU-Net's compute_gaussian((16, 24)) and ((64,)), computed with scipy 1.x in float64, as the
        // float16 nnU-Net casts them to (numpy's np.float16(np.float32(v)))
        float[] map = GaussianImportanceMap.of(new int[] {16, 24});
        assertEquals(10f, map[8 * 24 + 12], 0);
        assertEquals(1.1324882507324219e-06f, map[0], 0);
        assertEquals(0.0288848876953125f, map[3 * 24 + 5], 0);
        assertEquals(2.6345252990722656e-05f, map[15 * 24 + 23], 0);
        assertEquals(0.0033550262451171875f, map[8 * 24], 0);
        float[] line = GaussianImportanceMap.of(new int[] {64});
        assertEquals(0.0033550262451171875f, line[0], 0);
        assertEquals(0.2279052734375f, line[10], 0);
        assertEquals(10f, line[32], 0);
    }
}
