package io.jnnunet.planning.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class PoolingTopologyTest {

    @Test
    public void isotropicCubeOf128PoolsFiveTimesIntoSixStages() {
        PoolingTopology t = PoolingTopology.of(new double[] {1, 1, 1}, new int[] {128, 128, 128});
        assertEquals(6, t.nStages());
        assertArrayEquals(new int[] {5, 5, 5}, t.numPoolPerAxis());
        assertArrayEquals(new int[][] {{1, 1, 1}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}},
                t.strides());
        for (int[] kernel : t.kernelSizes()) {
            assertArrayEquals(new int[] {3, 3, 3}, kernel);
        }
        assertArrayEquals(new int[] {128, 128, 128}, t.patchSize());
    }

    @Test
    public void anisotropicAxisStartsWithKernelOneAndPoolsLater() {
        PoolingTopology t = PoolingTopology.of(new double[] {3.0, 0.78, 0.78}, new int[] {40, 224, 224});
        assertArrayEquals(new int[] {3, 5, 5}, t.numPoolPerAxis());
        assertArrayEquals(new int[][] {{1, 1, 1}, {1, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {1, 2, 2}},
                t.strides());
        assertArrayEquals(new int[][] {{1, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}},
                t.kernelSizes());
        assertArrayEquals(new int[] {40, 224, 224}, t.patchSize());
        assertArrayEquals(new int[] {8, 32, 32}, t.shapeMustBeDivisibleBy());
    }

    @Test
    public void square512PoolsSevenTimes() {
        PoolingTopology t = PoolingTopology.of(new double[] {1, 1}, new int[] {512, 512});
        assertArrayEquals(new int[] {7, 7}, t.numPoolPerAxis());
        assertEquals(8, t.nStages());
    }

    @Test
    public void patchIsPaddedToAMultipleOfTheDivisorAndMayExceedTheImage() {
        PoolingTopology t = PoolingTopology.of(new double[] {1, 1}, new int[] {520, 696});
        assertArrayEquals(new int[] {7, 7}, t.numPoolPerAxis());
        assertEquals(8, t.nStages());
        assertArrayEquals(new int[] {640, 768}, t.patchSize());
        assertArrayEquals(new int[] {128, 128}, t.shapeMustBeDivisibleBy());
    }

    @Test
    public void fractionalPatchFromAnEvenMedianIsPooledAndPaddedUp() {
        PoolingTopology t = PoolingTopology.of(new double[] {1, 1}, new double[] {512.5, 512}, 4, Integer.MAX_VALUE);
        assertArrayEquals(new int[] {640, 512}, t.patchSize());
    }

    @Test
    public void singleAxisPoolsOnlyWhileItKeepsThreeTimesTheMinimumEdge() {
        // x joins once y's spacing has caught up; then x is too small, and y alone at size 10 (< 12) stops
        PoolingTopology t = PoolingTopology.of(new double[] {4, 1}, new int[] {8, 80});
        assertArrayEquals(new int[] {1, 3}, t.numPoolPerAxis());
        assertArrayEquals(new int[][] {{1, 1}, {1, 2}, {1, 2}, {2, 2}}, t.strides());
        assertArrayEquals(new int[][] {{1, 3}, {1, 3}, {3, 3}, {3, 3}}, t.kernelSizes());
        assertArrayEquals(new int[] {2, 8}, t.shapeMustBeDivisibleBy());
    }
}
