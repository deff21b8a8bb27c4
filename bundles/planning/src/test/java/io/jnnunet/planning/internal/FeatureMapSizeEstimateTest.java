package io.jnnunet.planning.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class FeatureMapSizeEstimateTest {

    private static final int[][] STRIDES_3D = {{1, 1, 1}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}};
    private static final int[][] STRIDES_2D = {{1, 1}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}};

    @Test
    public void plainConvUNetOfTheLungFullresPlanCounts528211200() {
        long e = FeatureMapSizeEstimate.plainConvUNet(new int[] {80, 192, 160},
                new int[][] {{1, 1, 1}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {1, 2, 2}},
                new int[] {32, 64, 128, 256, 320, 320}, new int[] {2, 2, 2, 2, 2, 2}, new int[] {2, 2, 2, 2, 2}, 2,
                false);
        assertEquals(528_211_200L, e);
    }

    @Test
    public void plainConvUNetOfTheLung2dPlanCounts82624512() {
        long e = FeatureMapSizeEstimate.plainConvUNet(new int[] {512, 512},
                new int[][] {{1, 1}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}},
                new int[] {32, 64, 128, 256, 512, 512, 512, 512}, new int[] {2, 2, 2, 2, 2, 2, 2, 2},
                new int[] {2, 2, 2, 2, 2, 2, 2}, 2, false);
        assertEquals(82_624_512L, e);
    }

    @Test
    public void residualEncoderUNetReproducesTheValuesQuotedByNnUNetWithDeepSupervision() {
        // residual_encoder_unet_planners.py's __main__ builds these two networks with deep_supervision=True
        assertEquals(558_319_104L, FeatureMapSizeEstimate.residualEncoderUNet(new int[] {128, 128, 128}, STRIDES_3D,
                new int[] {32, 64, 128, 256, 320, 320}, new int[] {1, 3, 4, 6, 6, 6}, new int[] {1, 1, 1, 1, 1}, 3,
                true));
        assertEquals(129_793_792L, FeatureMapSizeEstimate.residualEncoderUNet(new int[] {512, 512}, STRIDES_2D,
                new int[] {32, 64, 128, 256, 512, 512, 512}, new int[] {1, 3, 4, 6, 6, 6, 6},
                new int[] {1, 1, 1, 1, 1, 1}, 3, true));
    }

    @Test
    public void withoutDeepSupervisionOnlyTheFullResolutionHeadCounts() {
        assertEquals(557_420_544L, FeatureMapSizeEstimate.residualEncoderUNet(new int[] {128, 128, 128}, STRIDES_3D,
                new int[] {32, 64, 128, 256, 320, 320}, new int[] {1, 3, 4, 6, 6, 6}, new int[] {1, 1, 1, 1, 1}, 3,
                false));
        assertEquals(129_531_904L, FeatureMapSizeEstimate.residualEncoderUNet(new int[] {512, 512}, STRIDES_2D,
                new int[] {32, 64, 128, 256, 512, 512, 512}, new int[] {1, 3, 4, 6, 6, 6, 6},
                new int[] {1, 1, 1, 1, 1, 1}, 3, false));
    }

    @Test
    public void sizesAreFloorDividedByTheStrides() {
        // 2 stages on a 9x9 patch: the second stage is 4x4, not 4.5x4.5
        long e = FeatureMapSizeEstimate.plainConvUNet(new int[] {9, 9}, new int[][] {{1, 1}, {2, 2}},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1}, 1, false);
        // encoder 81 + 16, decoder (1 + 1) * 81, head 81
        assertEquals(81 + 16 + 2 * 81 + 81, e);
    }
}
