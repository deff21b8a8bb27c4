package io.jnnunet.planning.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.api.ArchitecturePlan.ArchKwargs;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.PlanningRequest;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.Plans;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class DefaultExperimentPlannerTest {

    private final DefaultExperimentPlanner planner = new DefaultExperimentPlanner();

    @Test
    public void plannerIsNnUNetsExperimentPlannerWithPlansNnUNetPlans() {
        assertEquals("ExperimentPlanner", planner.name());
        assertEquals("nnUNetPlans", planner.defaultPlansName(Datasets.cells()));
        assertFalse(planner.description().isBlank());
    }

    @Test
    public void lungGetsAllFourConfigurationsInNnUNetsOrder() {
        Plans plans = planner.plan(Datasets.lung());
        assertEquals(List.of("2d", "3d_lowres", "3d_fullres", "3d_cascade_fullres"),
                List.copyOf(plans.configurations().keySet()));
        assertEquals("Dataset006_Lung", plans.datasetName());
        assertEquals("nnUNetPlans", plans.plansName());
        assertEquals("ExperimentPlanner", plans.experimentPlannerUsed());
        assertEquals("LabelManager", plans.labelManager());
        assertEquals("SimpleITKIO", plans.imageReaderWriter());
        assertArrayEquals(new int[] {0, 1, 2}, plans.transposeForward());
        assertArrayEquals(new int[] {0, 1, 2}, plans.transposeBackward());
        assertArrayEquals(new double[] {1.245, 0.785, 0.785}, plans.originalMedianSpacingAfterTransp(), 0);
        assertArrayEquals(new int[] {252, 512, 512}, plans.originalMedianShapeAfterTransp());
        assertEquals(Datasets.lung().fingerprint().foregroundIntensityPropertiesPerChannel(),
                plans.foregroundIntensityPropertiesPerChannel());
    }

    @Test
    public void lungFullresMatchesThePublishedPlans() {
        ConfigurationPlan fullres = planner.plan(Datasets.lung()).configurations().get("3d_fullres");
        assertEquals("nnUNetPlans_3d_fullres", fullres.dataIdentifier());
        assertEquals("DefaultPreprocessor", fullres.preprocessorName());
        assertArrayEquals(new int[] {80, 192, 160}, fullres.patchSize());
        assertEquals(Integer.valueOf(2), fullres.batchSize());
        assertArrayEquals(new double[] {1.245, 0.785, 0.785}, fullres.spacing(), 0);
        assertArrayEquals(new double[] {252, 512, 512}, fullres.medianImageSizeInVoxels(), 0);
        assertEquals(List.of("CTNormalization"), fullres.normalizationSchemes());
        assertEquals(List.of(false), fullres.useMaskForNorm());
        assertEquals(Boolean.TRUE, fullres.batchDice());
        assertNull(fullres.nextStage());
        ArchitecturePlan architecture = fullres.architecture();
        assertEquals("dynamic_network_architectures.architectures.unet.PlainConvUNet",
                architecture.networkClassName());
        assertEquals(List.of("conv_op", "norm_op", "dropout_op", "nonlin"), architecture.kwRequiresImport());
        ArchKwargs kwargs = architecture.archKwargs();
        assertEquals(6, kwargs.nStages());
        assertArrayEquals(new int[] {32, 64, 128, 256, 320, 320}, kwargs.featuresPerStage());
        assertArrayEquals(new int[][] {{1, 1, 1}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {1, 2, 2}},
                kwargs.strides());
        assertEquals("torch.nn.modules.conv.Conv3d", kwargs.convOp());
        assertEquals("torch.nn.modules.instancenorm.InstanceNorm3d", kwargs.normOp());
        assertEquals(528_211_200L, UNetArchitecture.PLAIN_CONV_UNET.featureMapSize(fullres.patchSize(), kwargs, 2));
    }

    @Test
    public void lung2dIs512SquareWithBatch12() {
        ConfigurationPlan twoD = planner.plan(Datasets.lung()).configurations().get("2d");
        assertEquals("nnUNetPlans_2d", twoD.dataIdentifier());
        assertArrayEquals(new int[] {512, 512}, twoD.patchSize());
        assertEquals(Integer.valueOf(12), twoD.batchSize());
        assertArrayEquals(new double[] {0.785, 0.785}, twoD.spacing(), 0);
        assertArrayEquals(new double[] {512, 512}, twoD.medianImageSizeInVoxels(), 0);
        assertEquals(8, twoD.architecture().archKwargs().nStages());
        assertArrayEquals(new int[] {32, 64, 128, 256, 512, 512, 512, 512},
                twoD.architecture().archKwargs().featuresPerStage());
        assertEquals("torch.nn.modules.conv.Conv2d", twoD.architecture().archKwargs().convOp());
        assertEquals(Boolean.TRUE, twoD.batchDice());
    }

    @Test
    public void lungLowresIsFullresSpacingTimes1point03To22AndFeedsTheCascade() {
        Plans plans = planner.plan(Datasets.lung());
        ConfigurationPlan lowres = plans.configurations().get("3d_lowres");
        double growth = Math.pow(1.03, 22);
        assertArrayEquals(new double[] {1.245 * growth, 0.785 * growth, 0.785 * growth}, lowres.spacing(), 1e-12);
        // the reference's (2.3855, 1.5044, 1.5044): 0.785 * 1.03^22 is 1.5041
        assertArrayEquals(new double[] {2.3855, 1.5041, 1.5041}, lowres.spacing(), 0.5e-4);
        assertArrayEquals(new double[] {132, 267, 267}, lowres.medianImageSizeInVoxels(), 0);
        assertArrayEquals(new int[] {80, 192, 160}, lowres.patchSize());
        assertEquals(Integer.valueOf(2), lowres.batchSize());
        assertEquals("nnUNetPlans_3d_lowres", lowres.dataIdentifier());
        assertEquals(Boolean.FALSE, lowres.batchDice());
        assertEquals("3d_cascade_fullres", lowres.nextStage());

        ConfigurationPlan cascade = plans.configurations().get("3d_cascade_fullres");
        assertEquals("3d_fullres", cascade.inheritsFrom());
        assertEquals("3d_lowres", cascade.previousStage());
        assertNull(cascade.patchSize());
        ConfigurationPlan resolved = plans.configuration("3d_cascade_fullres");
        assertArrayEquals(new int[] {80, 192, 160}, resolved.patchSize());
        assertEquals("nnUNetPlans_3d_fullres", resolved.dataIdentifier());
    }

    @Test
    public void cellsGetOnlyA2dConfiguration() {
        Plans plans = planner.plan(Datasets.cells());
        assertEquals(List.of("2d"), List.copyOf(plans.configurations().keySet()));
        assertEquals("NaturalImage2DIO", plans.imageReaderWriter());
        assertArrayEquals(new int[] {0, 1, 2}, plans.transposeForward());
        assertArrayEquals(new double[] {999, 1, 1}, plans.originalMedianSpacingAfterTransp(), 0);
        assertArrayEquals(new int[] {1, 520, 696}, plans.originalMedianShapeAfterTransp());

        ConfigurationPlan twoD = plans.configurations().get("2d");
        assertArrayEquals(new int[] {640, 768}, twoD.patchSize());
        // memory allows round(85e6 / 154920960 * 12) = 7; 5 % of 100 x 520 x 696 voxels allows 4
        assertEquals(Integer.valueOf(4), twoD.batchSize());
        assertArrayEquals(new double[] {1, 1}, twoD.spacing(), 0);
        assertArrayEquals(new double[] {520, 696}, twoD.medianImageSizeInVoxels(), 0);
        assertEquals(List.of("ZScoreNormalization"), twoD.normalizationSchemes());
        assertEquals(List.of(false), twoD.useMaskForNorm());
        assertEquals(Boolean.TRUE, twoD.batchDice());
        ArchKwargs kwargs = twoD.architecture().archKwargs();
        assertEquals(8, kwargs.nStages());
        assertArrayEquals(new int[] {32, 64, 128, 256, 512, 512, 512, 512}, kwargs.featuresPerStage());
        assertArrayEquals(new int[][] {{1, 1}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}, {2, 2}},
                kwargs.strides());
        for (int[] kernel : kwargs.kernelSizes()) {
            assertArrayEquals(new int[] {3, 3}, kernel);
        }
        assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2, 2, 2}, kwargs.nConvPerStage());
        assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2, 2}, kwargs.nConvPerStageDecoder());
        assertEquals(154_920_960L, UNetArchitecture.PLAIN_CONV_UNET.featureMapSize(twoD.patchSize(), kwargs, 2));
    }

    @Test
    public void resamplingEntriesAreNnUNetsDefaults() {
        ConfigurationPlan twoD = planner.plan(Datasets.cells()).configurations().get("2d");
        assertEquals("resample_data_or_seg_to_shape", twoD.resamplingFnData());
        assertEquals("resample_data_or_seg_to_shape", twoD.resamplingFnSeg());
        assertEquals("resample_data_or_seg_to_shape", twoD.resamplingFnProbabilities());
        assertEquals(List.of("is_seg", "order", "order_z", "force_separate_z"),
                List.copyOf(twoD.resamplingFnDataKwargs().keySet()));
        assertEquals(Boolean.FALSE, twoD.resamplingFnDataKwargs().get("is_seg"));
        assertEquals(3, twoD.resamplingFnDataKwargs().get("order"));
        assertEquals(0, twoD.resamplingFnDataKwargs().get("order_z"));
        assertTrue(twoD.resamplingFnDataKwargs().containsKey("force_separate_z"));
        assertNull(twoD.resamplingFnDataKwargs().get("force_separate_z"));
        assertEquals(Boolean.TRUE, twoD.resamplingFnSegKwargs().get("is_seg"));
        assertEquals(1, twoD.resamplingFnSegKwargs().get("order"));
        assertEquals(Boolean.FALSE, twoD.resamplingFnProbabilitiesKwargs().get("is_seg"));
        assertEquals(1, twoD.resamplingFnProbabilitiesKwargs().get("order"));
    }

    @Test
    public void singleCaseDatasetStillPlansWithTheMinimumBatch() {
        Plans plans = planner.plan(Datasets.twoD(1, 520, 696, "cell"));
        ConfigurationPlan twoD = plans.configurations().get("2d");
        assertArrayEquals(new int[] {640, 768}, twoD.patchSize());
        // 5 % of one image is less than one patch: round(0.37) = 0, raised to 2
        assertEquals(Integer.valueOf(2), twoD.batchSize());
    }

    @Test
    public void anisotropicDatasetIsTransposedAndDropsATooSimilarLowres() {
        Plans plans = planner.plan(Datasets.withFingerprint(Datasets.lung(),
                TargetSpacingRuleTest.anisotropic(2.5)));
        assertArrayEquals(new int[] {2, 0, 1}, plans.transposeForward());
        assertArrayEquals(new int[] {1, 2, 0}, plans.transposeBackward());
        assertArrayEquals(new double[] {5, 0.8, 0.8}, plans.originalMedianSpacingAfterTransp(), 0);
        assertArrayEquals(new int[] {30, 512, 512}, plans.originalMedianShapeAfterTransp());
        // lowres is tried (the patch covers 14 % of the image) but ends less than 2x smaller than fullres
        assertEquals(List.of("2d", "3d_fullres"), List.copyOf(plans.configurations().keySet()));

        ConfigurationPlan fullres = plans.configurations().get("3d_fullres");
        assertArrayEquals(new double[] {2.95, 0.8, 0.8}, fullres.spacing(), 0);
        assertArrayEquals(new double[] {51, 512, 512}, fullres.medianImageSizeInVoxels(), 0);
        assertArrayEquals(new int[] {28, 256, 256}, fullres.patchSize());
        assertEquals(Integer.valueOf(2), fullres.batchSize());
        assertEquals(Boolean.FALSE, fullres.batchDice());
        ArchKwargs kwargs = fullres.architecture().archKwargs();
        assertArrayEquals(new int[][] {{1, 1, 1}, {1, 2, 2}, {2, 2, 2}, {2, 2, 2}, {1, 2, 2}, {1, 2, 2}, {1, 2, 2}},
                kwargs.strides());
        assertArrayEquals(new int[] {1, 3, 3}, kwargs.kernelSizes()[0]);
        assertArrayEquals(new int[] {3, 3, 3}, kwargs.kernelSizes()[1]);

        ConfigurationPlan twoD = plans.configurations().get("2d");
        assertArrayEquals(new double[] {0.8, 0.8}, twoD.spacing(), 0);
        assertArrayEquals(new int[] {512, 512}, twoD.patchSize());
        assertEquals(Integer.valueOf(12), twoD.batchSize());
    }

    @Test
    public void evenNumberOfCasesGivesAFractionalMedianThatIsPaddedUp() {
        List<double[]> spacings = List.of(new double[] {999, 1, 1}, new double[] {999, 1, 1});
        List<int[]> shapes = List.of(new int[] {1, 512, 512}, new int[] {1, 513, 512});
        Plans plans = planner.plan(Datasets.withFingerprint(Datasets.cells(),
                Datasets.of(spacings, shapes, 1)));
        ConfigurationPlan twoD = plans.configurations().get("2d");
        assertArrayEquals(new double[] {512.5, 512}, twoD.medianImageSizeInVoxels(), 0);
        assertArrayEquals(new int[] {640, 512}, twoD.patchSize());
        // the original median shape is rounded half to even
        assertArrayEquals(new int[] {1, 512, 512}, plans.originalMedianShapeAfterTransp());
    }

    @Test
    public void requestOverridesPlansNameTargetSpacingAndGpuMemory() {
        PlanningRequest cells = Datasets.cells();
        PlanningRequest request = new PlanningRequest(cells.datasetName(), cells.dataset(), cells.fingerprint(),
                "myPlans", 8, new double[] {999, 0.5, 0.5}, null, null, null, null);
        Plans plans = planner.plan(request);
        assertEquals("myPlans", plans.plansName());
        ConfigurationPlan twoD = plans.configurations().get("2d");
        assertEquals("myPlans_2d", twoD.dataIdentifier());
        assertArrayEquals(new double[] {0.5, 0.5}, twoD.spacing(), 0);
        assertArrayEquals(new double[] {1040, 1392}, twoD.medianImageSizeInVoxels(), 0);
        assertArrayEquals(new int[] {1024, 1536}, twoD.patchSize());

        PlanningRequest lung = Datasets.lung();
        Plans larger = planner.plan(new PlanningRequest(lung.datasetName(), lung.dataset(), lung.fingerprint(), null,
                16, null, null, null, null, null));
        assertArrayEquals(new int[] {96, 224, 224}, larger.configurations().get("3d_fullres").patchSize());
        assertEquals(Integer.valueOf(25), larger.configurations().get("2d").batchSize());
    }

    @Test
    public void progressIsReported() {
        List<Long> done = new ArrayList<>();
        PlanningRequest cells = Datasets.cells();
        planner.plan(new PlanningRequest(cells.datasetName(), cells.dataset(), cells.fingerprint(), null, 8, null,
                null, null, null, new ProgressListener() {
                    @Override
                    public void update(String task, long d, long total) {
                        done.add(d);
                    }
                }));
        assertEquals(List.of(0L, 1L), done);
    }

    @Test
    public void unusableInputIsRejectedWithTheReason() {
        PlanningRequest cells = Datasets.cells();
        assertRejected(Datasets.withFingerprint(cells, Datasets.of(List.of(), List.of(), 1)), "no cases");
        assertRejected(Datasets.withFingerprint(cells, Datasets.of(
                List.of(new double[] {999, 1, 1}, new double[] {999, 1, 1}), List.of(new int[] {1, 5, 5}), 1)),
                "2 spacings but 1 shapes_after_crop");
        assertRejected(Datasets.withFingerprint(cells, Datasets.of(List.of(new double[] {999, 0, 1}),
                List.of(new int[] {1, 5, 5}), 1)), "invalid spacing");
        assertRejected(new PlanningRequest("D", DatasetSpec.of(Map.of("0", "R"), null, 1, ".png"),
                cells.fingerprint(), null, 8, null, null, null, null, null), "has no labels");
        assertRejected(new PlanningRequest("D", DatasetSpec.of(Map.of(), Map.of("background", 0), 1, ".png"),
                cells.fingerprint(), null, 8, null, null, null, null, null), "has no channel_names");
        assertRejected(new PlanningRequest("D", cells.dataset(), null, null, 8, null, null, null, null, null),
                "fingerprint");
        assertRejected(new PlanningRequest("D", cells.dataset(), cells.fingerprint(), null, 8, new double[] {1, 1},
                null, null, null, null), "overwrite_target_spacing");
        assertRejected(new PlanningRequest("D", Datasets.dataset("R", ".xyz", "cell"), cells.fingerprint(), null,
                8, null, null, null, null, null), "file_ending .xyz");
    }

    private void assertRejected(PlanningRequest request, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> planner.plan(request));
        assertTrue(e.getMessage(), e.getMessage().contains(reason));
    }
}
