package io.jnnunet.postprocessing.internal.morphology;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;
import org.junit.Test;

public class DistanceTransformTest {

    @Test
    public void matchesBruteForceIn2dAnd3d() {
        Random random = new Random(11);
        for (Grid grid : new Grid[] {new Grid(1, 17, 23), new Grid(5, 7, 9), new Grid(4, 1, 13)}) {
            for (double density : new double[] {0.02, 0.3}) {
                boolean[] feature = new boolean[grid.size()];
                for (int i = 0; i < feature.length; i++) {
                    feature[i] = random.nextDouble() < density;
                }
                feature[random.nextInt(feature.length)] = true;
                double[] sampling = {1.5, 1, 0.7};
                checkAgainstBruteForce(feature, grid, new double[] {1, 1, 1},
                        DistanceTransform.toFeatures(feature, grid));
                checkAgainstBruteForce(feature, grid, sampling,
                        DistanceTransform.toFeatures(feature, grid, sampling));
            }
        }
    }

    private static void checkAgainstBruteForce(boolean[] feature, Grid grid, double[] s, DistanceTransform.Result r) {
        for (int i = 0; i < feature.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < feature.length; j++) {
                if (feature[j]) {
                    best = Math.min(best, squared(grid, i, j, s));
                }
            }
            assertEquals("voxel " + i, best, r.squaredDistances()[i], 1e-9);
            assertTrue(feature[r.nearest()[i]]);
            assertEquals("nearest of voxel " + i, best, squared(grid, i, r.nearest()[i], s), 1e-9);
        }
    }

    private static double squared(Grid grid, int i, int j, double[] s) {
        int[] a = coordinates(grid, i);
        int[] b = coordinates(grid, j);
        double d = 0;
        for (int k = 0; k < 3; k++) {
            d += (a[k] - b[k]) * s[k] * (a[k] - b[k]) * s[k];
        }
        return d;
    }

    private static int[] coordinates(Grid grid, int i) {
        return new int[] {i / (grid.ny() * grid.nz()), i / grid.nz() % grid.ny(), i % grid.nz()};
    }

    @Test
    public void insideDistancesOfARowAndNoFeatureAtAll() {
        Grid grid = new Grid(1, 1, 7);
        boolean[] foreground = {false, true, true, true, true, true, false};
        assertArrayEquals(new double[] {0, 1, 2, 3, 2, 1, 0}, DistanceTransform.insideDistances(foreground, grid),
                0);
        DistanceTransform.Result none = DistanceTransform.toFeatures(new boolean[7], grid);
        assertEquals(Double.POSITIVE_INFINITY, none.squaredDistances()[3], 0);
        assertEquals(-1, none.nearest()[3]);
    }
}
