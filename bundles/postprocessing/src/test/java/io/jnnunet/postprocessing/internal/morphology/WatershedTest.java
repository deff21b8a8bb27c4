package io.jnnunet.postprocessing.internal.morphology;

import static org.junit.Assert.assertArrayEquals;

import org.junit.Test;

public class WatershedTest {

    @Test
    public void twoBasinsMeetAtTheRidge() {
        Grid grid = new Grid(1, 1, 9);
        double[] landscape = {0, 1, 2, 3, 5, 4, 2, 1, 0};
        int[] markers = {1, 0, 0, 0, 0, 0, 0, 0, 2};
        // as in skimage a voxel is labelled when it is queued: the left basin queues the peak from height 3,
        // before the right basin, at height 4, gets to it
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 2, 2, 2, 2},
                Watershed.flood(landscape, markers, null, grid, Grid.Connectivity.FACE));
    }

    @Test
    public void labelsStayInsideTheMaskAndUnreachableVoxelsStayZero() {
        Grid grid = new Grid(1, 2, 4);
        double[] landscape = new double[8];
        int[] markers = {1, 0, 0, 0,
                         0, 0, 0, 0};
        boolean[] mask = {true, true, false, true,
                          false, true, false, true};
        assertArrayEquals(new int[] {1, 1, 0, 0,
                                     0, 1, 0, 0},
                Watershed.flood(landscape, markers, mask, grid, Grid.Connectivity.FULL));
    }

    @Test
    public void aPlateauIsSharedEvenlyBetweenItsMarkers() {
        Grid grid = new Grid(1, 1, 6);
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2}, Watershed.flood(new double[6],
                new int[] {1, 0, 0, 0, 0, 2}, null, grid, Grid.Connectivity.FACE));
    }
}
