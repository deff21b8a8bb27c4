package io.jnnunet.preprocessing.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.IntensityProperties;
import org.junit.Test;

/** The formulas of reference section 4.2; expected values worked out by hand and checked with numpy in float32. */
public class NormalizationTest {

    private static final float EXACT = 0f;
    private static final float FLOAT32 = 1e-6f;

    @Test
    public void zScoreUsesTheWholeChannelsMeanAndPopulationStd() {
        // mean 2.5, std sqrt(1.25)
        float[] x = {1, 2, 3, 4};
        new ZScoreNormalization().normalize(x, null, false, null);
        assertArrayEquals(new float[] {-1.3416407f, -0.4472136f, 0.4472136f, 1.3416407f}, x, FLOAT32);
    }

    @Test
    public void zScoreWithMaskUsesTheNonzeroRegionAndLeavesTheOutsideAlone() {
        // inside (seg >= 0): 2, 4, 9 -> mean 5, std sqrt(26/3); the outside voxel keeps its 7
        float[] x = {7, 2, 4, 9};
        new ZScoreNormalization().normalize(x, new short[] {-1, 0, 1, 0}, true, null);
        assertArrayEquals(new float[] {7f, -1.0190493f, -0.33968309f, 1.3587323f}, x, FLOAT32);
    }

    @Test
    public void zScoreOfAConstantChannelDividesByEpsilon() {
        float[] x = {5, 5, 5};
        new ZScoreNormalization().normalize(x, null, false, null);
        assertArrayEquals(new float[] {0, 0, 0}, x, EXACT);
    }

    @Test
    public void ctClipsToTheForegroundPercentilesThenUsesTheForegroundMeanAndStd() {
        IntensityProperties ct = new IntensityProperties(3000, 100, 90, -1000, -50, 300, 50);
        float[] x = {-1000, 0, 100, 500, 2500};
        new CTNormalization().normalize(x, null, false, ct);
        assertArrayEquals(new float[] {-3, -2, 0, 4, 4}, x, EXACT);
    }

    @Test
    public void ctWithoutIntensityPropertiesSaysWhatIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CTNormalization().normalize(new float[] {1}, null, false, null));
        assertTrue(e.getMessage(), e.getMessage().contains("foreground_intensity_properties_per_channel"));
    }

    @Test
    public void noNormalizationKeepsTheValues() {
        float[] x = {-3.5f, 0, 1e6f};
        new NoNormalization().normalize(x, null, false, null);
        assertArrayEquals(new float[] {-3.5f, 0, 1e6f}, x, EXACT);
    }

    @Test
    public void rescaleTo01SubtractsTheMinimumAndDividesByTheNewMaximum() {
        float[] x = {2, 4, 7};
        new RescaleTo01Normalization().normalize(x, null, false, null);
        assertArrayEquals(new float[] {0, 0.4f, 1}, x, EXACT);
        float[] constant = {3, 3};
        new RescaleTo01Normalization().normalize(constant, null, false, null);
        assertArrayEquals(new float[] {0, 0}, constant, EXACT);
    }

    @Test
    public void rgbTo01DividesBy255() {
        float[] x = {0, 51, 255};
        new RGBTo01Normalization().normalize(x, null, false, null);
        assertArrayEquals(new float[] {0, 0.2f, 1}, x, EXACT);
    }

    @Test
    public void rgbTo01RejectsValuesOutside0To255NamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RGBTo01Normalization().normalize(new float[] {3, 256, 7}, null, false, null));
        assertTrue(e.getMessage(), e.getMessage().contains("256.0") && e.getMessage().contains("0..255"));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new RGBTo01Normalization().normalize(new float[] {-1}, null, false, null));
        assertTrue(negative.getMessage(), negative.getMessage().contains("-1.0"));
    }
}
