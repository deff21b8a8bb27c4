package io.jnnunet.formats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class NumpyStatsTest {

    @Test
    public void medianAveragesTheTwoMiddleValuesOfAnEvenCount() {
        assertEquals(0.44999999999999996, NumpyStats.median(new double[] {0.8, 0.1, 0.7, 0.2}), 0);
        assertEquals(2.0, NumpyStats.median(new double[] {1, 5, 2}), 0);
        assertEquals(2.5, NumpyStats.median(new double[] {4, 1, 3, 2}), 0);
        assertTrue(Double.isNaN(NumpyStats.median(new double[0])));
    }

    @Test
    public void percentileInterpolatesLinearlyLikeNumpy() {
        // expected values from np.percentile
        assertEquals(1.4, NumpyStats.percentile(new double[] {1, 2, 3, 4.5, 10}, 10), 0);
        assertEquals(0.2, NumpyStats.percentile(new double[] {0.1, 0.2, 0.7}, 50), 0);
        assertEquals(2.95, NumpyStats.percentile(new double[] {5, 5, 5, 5, 5, 4, 4, 3, 2.5, 6}, 10), 0);
        assertEquals(0.75, NumpyStats.percentile(new double[] {0.3, 0.6, 0.7, 0.9}, 75), 0);
    }
}
