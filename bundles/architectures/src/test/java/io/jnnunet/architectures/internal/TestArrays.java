package io.jnnunet.architectures.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Random;

/** Random inputs and a float64-against-float32 comparison. */
final class TestArrays {

    /** Largest difference allowed, relative to the largest reference magnitude. */
    static final double TOLERANCE = 1e-4;

    private TestArrays() {
    }

    static float[] gaussians(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    static float[] ones(int count) {
        float[] values = new float[count];
        Arrays.fill(values, 1);
        return values;
    }

    static void assertClose(String what, double[] expected, float[] actual) {
        assertEquals(what + " length", expected.length, actual.length);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(what + ": max difference " + worst + " against max magnitude " + scale,
                worst <= TOLERANCE * Math.max(scale, 1e-12));
    }
}
