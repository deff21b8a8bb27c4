package io.jnnunet.postprocessing.internal.morphology;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Random;
import org.junit.Test;

public class ConnectedComponentsTest {

    private static boolean[] mask(int... values) {
        boolean[] m = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            m[i] = values[i] != 0;
        }
        return m;
    }

    @Test
    public void diagonalNeighboursJoinOnlyWithFullConnectivity() {
        Grid grid = new Grid(1, 3, 4);
        boolean[] m = mask(
                1, 0, 0, 1,
                0, 1, 0, 1,
                0, 0, 0, 0);
        ConnectedComponents.Labelling face = ConnectedComponents.label(m, grid, Grid.Connectivity.FACE);
        assertEquals(3, face.count());
        assertArrayEquals(new int[] {1, 0, 0, 2, 0, 3, 0, 2, 0, 0, 0, 0}, face.labels());
        assertArrayEquals(new int[] {8, 1, 2, 1}, face.sizes());

        ConnectedComponents.Labelling full = ConnectedComponents.label(m, grid, Grid.Connectivity.FULL);
        assertEquals(2, full.count());
        assertArrayEquals(new int[] {1, 0, 0, 2, 0, 1, 0, 2, 0, 0, 0, 0}, full.labels());
        assertEquals(2, full.largestSize());
    }

    @Test
    public void threeDimensionalCornersTouchOnlyWithFullConnectivity() {
        Grid grid = new Grid(2, 2, 2);
        boolean[] m = new boolean[8];
        m[grid.index(0, 0, 0)] = true;
        m[grid.index(1, 1, 1)] = true;
        assertEquals(2, ConnectedComponents.label(m, grid, Grid.Connectivity.FACE).count());
        assertEquals(1, ConnectedComponents.label(m, grid, Grid.Connectivity.FULL).count());
        assertEquals(0, ConnectedComponents.label(new boolean[8], grid, Grid.Connectivity.FULL).largestSize());
    }

    @Test
    public void labelsACellImageInAFewMilliseconds() {
        Grid grid = new Grid(1, 520, 696);
        boolean[] m = new boolean[grid.size()];
        Random random = new Random(3);
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextDouble() < 0.4;
        }
        ConnectedComponents.label(m, grid, Grid.Connectivity.FULL); // warm-up
        long start = System.nanoTime();
        ConnectedComponents.Labelling l = ConnectedComponents.label(m, grid, Grid.Connectivity.FACE);
        long ms = (System.nanoTime() - start) / 1_000_000;
        int total = 0;
        for (int k = 0; k <= l.count(); k++) {
            total += l.sizes()[k];
        }
        assertEquals(m.length, total);
        assertTrue("took " + ms + " ms", ms < 200);
    }
}
