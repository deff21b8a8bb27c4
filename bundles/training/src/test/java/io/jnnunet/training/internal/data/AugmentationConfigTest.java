package io.jnnunet.training.internal.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Expected values from nnU-Net's {@code get_patch_size} run with numpy, and the reference's computed examples. */
public class AugmentationConfigTest {

    private static void assertInitial(int[] patch, int... expected) {
        assertArrayEquals(expected, AugmentationConfig.of(patch).initialPatchSize());
    }

    @Test
    public void initialPatchSizesOfTheReference() {
        assertInitial(new int[] {512, 512}, 602, 602);
        assertInitial(new int[] {320, 256}, 376, 376);
        assertInitial(new int[] {512, 128}, 620, 150);
        assertInitial(new int[] {128, 128, 128}, 205, 205, 205);
        assertInitial(new int[] {80, 192, 160}, 194, 289, 210);
    }

    @Test
    public void initialPatchSizesOfTheCellsPlans() {
        assertInitial(new int[] {160, 192}, 225, 225);
        assertInitial(new int[] {640, 768}, 903, 903);
        assertInitial(new int[] {56, 40}, 65, 65);
    }

    @Test
    public void twoDimensionalRotationIsFullUnlessThePatchIsElongated() {
        AugmentationConfig square = AugmentationConfig.of(new int[] {160, 192});
        assertEquals(Math.PI, square.rotationHigh(), 1e-15);
        assertEquals(-Math.PI, square.rotationLow(), 1e-15);
        assertArrayEquals(new int[] {0, 1}, square.mirrorAxes());
        assertEquals(15.0 / 360 * 2 * Math.PI, AugmentationConfig.of(new int[] {512, 128}).rotationHigh(), 0);
    }

    @Test
    public void anisotropicThreeDimensionalPatchesUseDummy2dAugmentation() {
        AugmentationConfig dummy = AugmentationConfig.of(new int[] {20, 192, 160});
        assertTrue(dummy.doDummy2dDataAug());
        assertEquals(Math.PI, dummy.rotationHigh(), 1e-15);
        assertArrayEquals(new int[] {20, 225, 225}, dummy.initialPatchSize());
        assertArrayEquals(new int[] {40, 150, 150}, AugmentationConfig.of(new int[] {40, 112, 128})
                .initialPatchSize());

        AugmentationConfig isotropic = AugmentationConfig.of(new int[] {80, 192, 160});
        assertFalse(isotropic.doDummy2dDataAug());
        assertEquals(30.0 / 360 * 2 * Math.PI, isotropic.rotationHigh(), 0);
        assertArrayEquals(new int[] {0, 1, 2}, isotropic.mirrorAxes());
    }
}
