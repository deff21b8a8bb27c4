package io.jnnunet.fingerprint.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.jnnunet.api.IntensityProperties;
import io.jnnunet.formats.NumpyRandomState;
import org.junit.Test;

/**
 * Expected values from numpy 2.4: {@code s = np.random.RandomState(seed).choice(fg, n)} on float32 {@code fg}, then
 * {@code np.percentile(s, [0.5, 50, 99.5])}, min, max, and mean / std of {@code s.astype(np.float64)}.
 */
public class ForegroundIntensitiesTest {

    private static final float[] FLOATS = {1.1f, 2.7f, 3.3f, 10.9f, 4.2f, -0.6f};
    private static final float[] INTEGERS = {3, 65535, 0, 17, 17, 250};

    private static IntensityProperties statistics(float[] foreground, int n, long seed, boolean integer) {
        ForegroundIntensities all = new ForegroundIntensities(n);
        all.add(ForegroundIntensities.sample(foreground, n, new NumpyRandomState(seed), integer));
        return all.statistics();
    }

    @Test
    public void floatSamplesGiveNumpysStatisticsWithInterpolatedPercentiles() {
        // s = [4.2, 2.7, 10.9, 10.9, 4.2, 2.7, 1.1]
        IntensityProperties p = statistics(FLOATS, 7, 7, false);
        assertEquals(10.899999618530273, p.max(), 0);
        assertEquals(1.100000023841858, p.min(), 0);
        assertEquals(4.199999809265137, p.median(), 0);
        assertEquals(1.1480000245571136, p.percentile005(), 0);
        assertEquals(10.899999618530273, p.percentile995(), 0);
        assertEquals(5.242856996400016, p.mean(), 1e-12);
        assertEquals(3.708621891486814, p.std(), 1e-12);
    }

    @Test
    public void percentilesInterpolateFromTheNearerNeighbourAsNumpy() {
        // s = [4.2, -0.6, 1.1]: 0.5 % lies just above rank 0, 99.5 % just below rank 2
        IntensityProperties p = statistics(FLOATS, 3, 0, false);
        assertEquals(-0.5830000233650208, p.percentile005(), 0);
        assertEquals(4.168999810218811, p.percentile995(), 0);
        assertEquals(1.100000023841858, p.median(), 0);
        assertEquals(1.566666603088379, p.mean(), 1e-12);
        assertEquals(1.9871810639858716, p.std(), 1e-12);
    }

    @Test
    public void countedIntegerSamplesGiveTheSameStatisticsAsKeptOnes() {
        // s = [17, 65535, 17, 17, 17, 65535, 3, 65535, 0]
        IntensityProperties counted = statistics(INTEGERS, 9, 7, true);
        assertEquals(65535, counted.max(), 0);
        assertEquals(0, counted.min(), 0);
        assertEquals(17, counted.median(), 0);
        assertEquals(0.12, counted.percentile005(), 0);
        assertEquals(65535, counted.percentile995(), 0);
        assertEquals(21852.88888888889, counted.mean(), 1e-9);
        assertEquals(30887.917567461893, counted.std(), 1e-9);
        assertEquals(statistics(INTEGERS, 9, 7, false), counted);
    }

    @Test
    public void integerAndFloatCasesMergeIntoOneOrder() {
        ForegroundIntensities mixed = new ForegroundIntensities(14);
        mixed.add(ForegroundIntensities.sample(INTEGERS, 7, new NumpyRandomState(3), true));
        mixed.add(ForegroundIntensities.sample(FLOATS, 7, new NumpyRandomState(4), false));
        ForegroundIntensities floats = new ForegroundIntensities(14);
        floats.add(ForegroundIntensities.sample(FLOATS, 7, new NumpyRandomState(4), false));
        floats.add(ForegroundIntensities.sample(INTEGERS, 7, new NumpyRandomState(3), false));
        assertEquals(14, mixed.count());
        assertEquals(floats.statistics(), mixed.statistics());
    }

    @Test
    public void aSingleSampleIsEveryStatistic() {
        IntensityProperties p = statistics(new float[] {42.5f}, 1, 1234, false);
        assertEquals(new IntensityProperties(42.5, 42.5, 42.5, 42.5, 42.5, 42.5, 0), p);
    }

    @Test
    public void anEmptyForegroundDrawsNothing() {
        NumpyRandomState rs = new NumpyRandomState(1234);
        ForegroundIntensities none = ForegroundIntensities.sample(new float[0], 1000, rs, true);
        assertEquals(0, none.count());
        // the stream is untouched, as nnU-Net skips rs.choice for such a case
        assertEquals(new NumpyRandomState(1234).nextUint32(), rs.nextUint32());
        assertThrows(IllegalStateException.class, () -> new ForegroundIntensities(10).statistics());
    }
}
