package io.jnnunet.planning.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.ArchitecturePlan.ArchKwargs;
import io.jnnunet.planning.internal.PatchAndBatchRule.PatchAndBatch;
import org.junit.Test;

public class PatchAndBatchRuleTest {

    private static final double[] LUNG_SPACING = {1.245, 0.785, 0.785};
    private static final double[] LUNG_MEDIAN = {252, 512, 512};
    private static final double LUNG_VOXELS = 252.0 * 512 * 512 * 63;

    private final PatchAndBatchRule rule = PlannerProfile.experimentPlanner().patchAndBatchRule(8);

    @Test
    public void initialPatchHasTheSpacingsAspectRatioAndVolume256Cubed() {
        assertArrayEquals(new double[] {188, 299, 299},
                PatchAndBatchRule.initialPatchSize(LUNG_SPACING, new double[] {1000, 1000, 1000}), 0);
        assertArrayEquals(new double[] {2048, 2048},
                PatchAndBatchRule.initialPatchSize(new double[] {1, 1}, new double[] {4000, 4000}), 0);
    }

    @Test
    public void initialPatchIsClippedToTheMedianShape() {
        assertArrayEquals(new double[] {188, 299, 260.5},
                PatchAndBatchRule.initialPatchSize(LUNG_SPACING, new double[] {252, 512, 260.5}), 0);
    }

    @Test
    public void lungFullresShrinksTo80x192x160WithBatch2() {
        PatchAndBatch p = rule.plan(LUNG_SPACING, LUNG_MEDIAN, LUNG_VOXELS, 2);
        assertArrayEquals(new int[] {80, 192, 160}, p.patchSize());
        ArchKwargs kwargs = p.architecture().archKwargs();
        assertEquals(6, kwargs.nStages());
        assertArrayEquals(new int[][] {{1, 1, 1}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {1, 2, 2}},
                kwargs.strides());
        assertArrayEquals(new int[] {32, 64, 128, 256, 320, 320}, kwargs.featuresPerStage());
        assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2}, kwargs.nConvPerStage());
        assertArrayEquals(new int[] {2, 2, 2, 2, 2}, kwargs.nConvPerStageDecoder());
        assertEquals(528_211_200L, p.estimate());
        assertEquals(2, p.batchSize());
    }

    @Test
    public void lung2dKeeps512x512WithEightStagesAndBatch12() {
        PatchAndBatch p = rule.plan(new double[] {0.785, 0.785}, new double[] {512, 512}, LUNG_VOXELS, 2);
        assertArrayEquals(new int[] {512, 512}, p.patchSize());
        assertEquals(8, p.topology().nStages());
        assertArrayEquals(new int[] {32, 64, 128, 256, 512, 512, 512, 512},
                p.architecture().archKwargs().featuresPerStage());
        assertEquals(82_624_512L, p.estimate());
        assertEquals(12, p.batchSize());
    }

    @Test
    public void fivePercentCapLimitsTheBatchOfA512DatasetOf100Cases() {
        PatchAndBatch p = plan2d(512, 512, 100, 2);
        assertArrayEquals(new int[] {512, 512}, p.patchSize());
        assertEquals(5, p.batchSize());
    }

    @Test
    public void small256DatasetGetsSevenStagesAndTheMinimumBatch() {
        PatchAndBatch p = plan2d(256, 256, 30, 2);
        assertArrayEquals(new int[] {256, 256}, p.patchSize());
        assertEquals(7, p.topology().nStages());
        assertEquals(2, p.batchSize());
    }

    @Test
    public void image1024WithThreeLabelsGetsNineStagesAndBatch2() {
        PatchAndBatch p = plan2d(1024, 1024, 40, 3);
        assertArrayEquals(new int[] {1024, 1024}, p.patchSize());
        assertEquals(9, p.topology().nStages());
        assertEquals(2, p.batchSize());
    }

    @Test
    public void image520x696GetsAPatchLargerThanTheImage() {
        PatchAndBatch p = plan2d(520, 696, 50, 2);
        assertArrayEquals(new int[] {640, 768}, p.patchSize());
        assertEquals(2, p.batchSize());
    }

    @Test
    public void image2048ShrinksTo1280x1024() {
        PatchAndBatch p = plan2d(2048, 2048, 200, 2);
        assertArrayEquals(new int[] {1280, 1024}, p.patchSize());
        assertEquals(2, p.batchSize());
    }

    @Test
    public void largerGpuTargetAllowsALargerPatch() {
        PatchAndBatch p = PlannerProfile.experimentPlanner().patchAndBatchRule(16)
                .plan(LUNG_SPACING, LUNG_MEDIAN, LUNG_VOXELS, 2);
        assertArrayEquals(new int[] {96, 224, 224}, p.patchSize());
        assertEquals(1_035_293_952L, p.estimate());
    }

    @Test
    public void batchSizeUsesTheMemoryLeftOverButAtLeastTwo() {
        assertEquals(7, rule.batchSize(85e6, 154_920_960L, 12, 1e12, new int[] {640, 768}));
        assertEquals(4, rule.batchSize(85e6, 154_920_960L, 12, 100.0 * 520 * 696, new int[] {640, 768}));
        assertEquals(2, rule.batchSize(85e6, 154_920_960L, 12, 520 * 696, new int[] {640, 768}));
    }

    @Test
    public void memoryTargetTooSmallForAnyPatchIsRejected() {
        PatchAndBatchRule tiny = PlannerProfile.experimentPlanner().patchAndBatchRule(1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny.plan(new double[] {1, 1}, new double[] {64, 64}, 1e6, 2));
        assertTrue(e.getMessage(), e.getMessage().contains("no patch fits"));
    }

    private PatchAndBatch plan2d(int height, int width, int cases, int labels) {
        return rule.plan(new double[] {1, 1}, new double[] {height, width}, (double) height * width * cases, labels);
    }
}
