package io.jnnunet.postprocessing.internal.morphology;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.Test;

public class FiltersTest {

    private static boolean[] bools(int... values) {
        boolean[] b = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = values[i] != 0;
        }
        return b;
    }

    @Test
    public void gaussianOfAnImpulseIsTheNormalisedKernelAndAConstantStays() {
        Grid grid = new Grid(1, 1, 11);
        double[] impulse = new double[11];
        impulse[5] = 1;
        double[] out = Filters.gaussian(impulse, grid, 1);
        // scipy.ndimage.gaussian_filter of the impulse, sigma 1 (kernel truncated at 4 sigma)
        assertEquals(0.39894347, out[5], 1e-7);
        assertEquals(0.24197145, out[4], 1e-7);
        assertEquals(0, out[0], 0);
        double[] flat = new double[11];
        Arrays.fill(flat, 3);
        assertArrayEquals(flat, Filters.gaussian(flat, grid, 2), 1e-12);
    }

    @Test
    public void gaussianReflectsAtTheEdgeAsScipyDoes() {
        // scipy.ndimage.gaussian_filter(np.array([1., 0, 0]), 1)
        assertArrayEquals(new double[] {0.64091492, 0.2960964, 0.06298868},
                Filters.gaussian(new double[] {1, 0, 0}, new Grid(1, 1, 3), 1), 1e-7);
    }

    @Test
    public void windowMaximumAndMinimumAreClippedAtTheEdges() {
        Grid grid = new Grid(1, 2, 4);
        int[] image = {5, 1, 2, 7,
                       3, 4, 0, 6};
        assertArrayEquals(new int[] {5, 5, 7, 7, 5, 5, 7, 7}, Filters.windowMaximum(image, grid, 1));
        assertArrayEquals(new int[] {1, 0, 0, 0, 1, 0, 0, 0}, Filters.windowMinimum(image, grid, 1));
        assertArrayEquals(image, Filters.windowMaximum(image, grid, 0));
    }

    @Test
    public void hMaximaKeepPeaksThatStandAtLeastHAboveTheirPass() {
        Grid grid = new Grid(1, 1, 7);
        double[] profile = {0, 3, 1, 2, 2, 0.5, 0};
        // peak 3 stands 3 above the background, peak 2 (a plateau of two) only 1 above the pass at 1
        assertArrayEquals(bools(0, 1, 0, 0, 0, 0, 0), Filters.hMaxima(profile, grid, 2));
        assertArrayEquals(bools(0, 1, 0, 1, 1, 0, 0), Filters.hMaxima(profile, grid, 1));
        assertArrayEquals(bools(0, 1, 0, 0, 0, 0, 0), Filters.hMaxima(profile, grid, 3));
        assertArrayEquals(bools(0, 0, 0, 0, 0, 0, 0), Filters.hMaxima(profile, grid, 3.5));
        // two equal peaks both stand h above each other's pass, however deep h is
        assertArrayEquals(bools(0, 1, 0, 1, 0), Filters.hMaxima(new double[] {0, 3, 2, 3, 0}, new Grid(1, 1, 5), 3));
    }

    @Test
    public void reconstructionRaisesTheMarkerAlongPathsUnderTheMask() {
        Grid grid = new Grid(1, 1, 5);
        double[] mask = {4, 2, 5, 1, 3};
        double[] marker = {4, 0, 0, 0, 0};
        assertArrayEquals(new double[] {4, 2, 2, 1, 1}, Filters.reconstructByDilation(marker, mask, grid), 0);
    }

    @Test
    public void reconstructionMatchesRepeatedDilationUntilStableIn2dAnd3d() {
        Random random = new Random(5);
        for (Grid grid : new Grid[] {new Grid(1, 19, 23), new Grid(6, 7, 8)}) {
            double[] mask = new double[grid.size()];
            double[] marker = new double[grid.size()];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = random.nextInt(6);
                marker[i] = mask[i] - 1 - random.nextInt(3);
            }
            assertArrayEquals(naiveReconstruction(marker, mask, grid), Filters.reconstructByDilation(marker, mask,
                    grid), 0);
        }
    }

    /** Dilate by one voxel (full connectivity), clip by the mask, until nothing changes. */
    private static double[] naiveReconstruction(double[] marker, double[] mask, Grid grid) {
        int[][] offsets = Grid.offsets(Grid.Connectivity.FULL);
        int[] neighbours = new int[offsets.length];
        double[] rec = new double[marker.length];
        for (int i = 0; i < rec.length; i++) {
            rec[i] = Math.min(marker[i], mask[i]);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            double[] next = rec.clone();
            for (int i = 0; i < rec.length; i++) {
                int found = grid.neighbours(i, offsets, neighbours);
                for (int k = 0; k < found; k++) {
                    next[i] = Math.max(next[i], Math.min(rec[neighbours[k]], mask[i]));
                }
                changed |= next[i] != rec[i];
            }
            rec = next;
        }
        return rec;
    }
}
