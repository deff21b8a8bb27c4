package io.jnnunet.planning.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.jnnunet.api.ArchitecturePlan.ArchKwargs;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.PlanningRequest;
import io.jnnunet.api.Plans;
import java.util.List;
import org.junit.Test;

/** Expected values computed with nnU-Net's planning arithmetic (see the report of the planning bundle). */
public class ResEncPlannersTest {

    @Test
    public void presetsCarryNnUNetsNames() {
        assertEquals("nnUNetPlannerResEncM", new ResEncMPlanner().name());
        assertEquals("nnUNetResEncUNetMPlans", new ResEncMPlanner().defaultPlansName(Datasets.lung()));
        assertEquals("nnUNetPlannerResEncL", new ResEncLPlanner().name());
        assertEquals("nnUNetResEncUNetLPlans", new ResEncLPlanner().defaultPlansName(Datasets.lung()));
        assertEquals("nnUNetPlannerResEncXL", new ResEncXLPlanner().name());
        assertEquals("nnUNetResEncUNetXLPlans", new ResEncXLPlanner().defaultPlansName(Datasets.lung()));
    }

    @Test
    public void resEncMPlansLungWithResidualBlocksAndReusesTheDefaultData() {
        Plans plans = new ResEncMPlanner().plan(Datasets.lung());
        assertEquals("nnUNetResEncUNetMPlans", plans.plansName());
        assertEquals("nnUNetPlannerResEncM", plans.experimentPlannerUsed());
        assertEquals(List.of("2d", "3d_lowres", "3d_fullres", "3d_cascade_fullres"),
                List.copyOf(plans.configurations().keySet()));
        assertEquals("nnUNetPlans_2d", plans.configurations().get("2d").dataIdentifier());
        assertEquals("nnUNetPlans_3d_fullres", plans.configurations().get("3d_fullres").dataIdentifier());
        assertEquals("nnUNetResEncUNetMPlans_3d_lowres", plans.configurations().get("3d_lowres").dataIdentifier());

        ConfigurationPlan fullres = plans.configurations().get("3d_fullres");
        assertEquals("dynamic_network_architectures.architectures.unet.ResidualEncoderUNet",
                fullres.architecture().networkClassName());
        assertArrayEquals(new int[] {80, 192, 160}, fullres.patchSize());
        assertEquals(Integer.valueOf(2), fullres.batchSize());
        ArchKwargs kwargs = fullres.architecture().archKwargs();
        assertArrayEquals(new int[] {1, 3, 4, 6, 6, 6}, kwargs.nBlocksPerStage());
        assertNull(kwargs.nConvPerStage());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1}, kwargs.nConvPerStageDecoder());
        assertEquals(651_081_600L, UNetArchitecture.RESIDUAL_ENCODER_UNET.featureMapSize(fullres.patchSize(),
                kwargs, 2));
        assertArrayEquals(new double[] {132, 267, 267},
                plans.configurations().get("3d_lowres").medianImageSizeInVoxels(), 0);
        assertEquals(Integer.valueOf(13), plans.configurations().get("2d").batchSize());
    }

    @Test
    public void resEncPresetsHaveNoFivePercentBatchCapAndShrinkOnThePlainReference() {
        ConfigurationPlan twoD = new ResEncMPlanner().plan(Datasets.cells()).configurations().get("2d");
        // E > 135e6 shrinks the patch; the default planner's 5 % cap would allow only 7
        assertArrayEquals(new int[] {448, 576}, twoD.patchSize());
        assertEquals(7, twoD.architecture().archKwargs().nStages());
        assertEquals(Integer.valueOf(13), twoD.batchSize());
    }

    @Test
    public void resEncLPlansFor24GbUnlessAskedOtherwise() {
        Plans plans = new ResEncLPlanner().plan(Datasets.lung());
        ConfigurationPlan fullres = plans.configurations().get("3d_fullres");
        assertArrayEquals(new int[] {112, 256, 256}, fullres.patchSize());
        assertEquals(7, fullres.architecture().archKwargs().nStages());
        assertArrayEquals(new int[] {1, 3, 4, 6, 6, 6, 6}, fullres.architecture().archKwargs().nBlocksPerStage());
        ConfigurationPlan lowres = plans.configurations().get("3d_lowres");
        assertArrayEquals(new double[] {1.6731758922834323, 1.054974357785136, 1.054974357785136},
                lowres.spacing(), 1e-12);
        assertArrayEquals(new double[] {188, 381, 381}, lowres.medianImageSizeInVoxels(), 0);
        assertEquals(Integer.valueOf(35), plans.configurations().get("2d").batchSize());

        PlanningRequest lung = Datasets.lung();
        Plans at8Gb = new ResEncLPlanner().plan(new PlanningRequest(lung.datasetName(), lung.dataset(),
                lung.fingerprint(), null, 7.999, null, null, null, null, null));
        assertArrayEquals(new int[] {80, 192, 160}, at8Gb.configurations().get("3d_fullres").patchSize());
    }

    @Test
    public void resEncXLDropsLowresForLung() {
        Plans plans = new ResEncXLPlanner().plan(Datasets.lung());
        assertEquals(List.of("2d", "3d_fullres"), List.copyOf(plans.configurations().keySet()));
        assertArrayEquals(new int[] {128, 320, 320}, plans.configurations().get("3d_fullres").patchSize());
        assertEquals(Boolean.FALSE, plans.configurations().get("3d_fullres").batchDice());
        assertEquals(Integer.valueOf(52), plans.configurations().get("2d").batchSize());
    }
}
