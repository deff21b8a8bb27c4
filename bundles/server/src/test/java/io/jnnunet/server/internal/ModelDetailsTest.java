package io.jnnunet.server.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.jnnunet.api.NnunetPaths;
import io.jnnunet.formats.Checkpoint;
import io.jnnunet.formats.CheckpointHeader;
import io.jnnunet.formats.TrainingHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A model's page data read from real checkpoint archives and a real plans.json. */
public class ModelDetailsTest {

    private static final String MODEL = "Dataset001_Cells__nnUNetTrainer__tinyPlans__2d";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path model;
    private ModelDetails details;

    @Before
    public void model() throws Exception {
        Path results = folder.newFolder("nnUNet_results").toPath();
        model = Files.createDirectories(results.resolve("Dataset001_Cells/nnUNetTrainer__tinyPlans__2d"));
        NnunetPaths paths = new NnunetPaths() {
            @Override
            public Path raw() {
                return results.resolveSibling("nnUNet_raw");
            }

            @Override
            public Path preprocessed() {
                return results.resolveSibling("nnUNet_preprocessed");
            }

            @Override
            public Path results() {
                return results;
            }

            @Override
            public Path rawDataset(String pathNameOrId) {
                return raw().resolve(pathNameOrId);
            }
        };
        details = new ModelDetails(new ModelCatalog(paths));
    }

    /** A checkpoint of a run planned for 10 epochs, with the history of the first {@code epochs}. */
    private void checkpoint(String fold, String name, int epochs) throws Exception {
        TrainingHistory history = new TrainingHistory();
        for (int e = 0; e < epochs; e++) {
            // the second epoch's class had no pixel in prediction nor target: its Dice is NaN
            history.add(0.01 * (1 - e / 10.0), 100 + 2 * e, 101.5 + 2 * e, 1.0 / (e + 1), 0.8 / (e + 1),
                    new double[] {e == 1 ? Double.NaN : 0.5 + e / 20.0});
        }
        CheckpointHeader header = new CheckpointHeader(CheckpointHeader.FORMAT, CheckpointHeader.FORMAT_VERSION,
                "nnUNetTrainer", epochs, 10, 4, 1, 0.01, 0.6, 1L, null, null, null, null, null, history, List.of());
        Path foldFolder = Files.createDirectories(model.resolve("fold_" + fold));
        new Checkpoint(header, List.of(), List.of()).write(foldFolder.resolve(name + ".djl"));
    }

    @Test
    public void theCurveComesFromTheCheckpointWithTheMostEpochsAndNanIsNull() throws Exception {
        checkpoint("0", "checkpoint_best", 2);
        checkpoint("0", "checkpoint_latest", 5);
        checkpoint("0", "checkpoint_final", 3);
        ModelDetails.Progress progress = details.progress(MODEL, "0");
        assertEquals("checkpoint_latest", progress.checkpoint());
        assertEquals(5, progress.epochsDone());
        assertEquals(10, progress.numEpochs());
        assertEquals(Double.valueOf(0.6), progress.bestEma());
        assertEquals(5, progress.epochs().size());
        ModelDetails.Epoch first = progress.epochs().get(0);
        assertEquals(0, first.epoch());
        assertEquals(1.0, first.trainLoss(), 1e-12);
        assertEquals(0.8, first.valLoss(), 1e-12);
        assertEquals(List.of(0.5), first.pseudoDice());
        assertEquals(1.5, first.seconds(), 1e-9);
        assertEquals(0.01, first.learningRate(), 1e-12);
        ModelDetails.Epoch second = progress.epochs().get(1);
        assertEquals(Arrays.asList((Double) null), second.pseudoDice());
        assertNull(second.meanPseudoDice());
        assertNull("a NaN Dice makes the EMA NaN, as in nnU-Net", second.emaPseudoDice());
    }

    @Test
    public void aFoldWithoutCheckpointIs404AndAMalformedFold400() throws Exception {
        checkpoint("0", "checkpoint_final", 3);
        assertEquals(404, assertThrows(ApiException.class, () -> details.progress(MODEL, "1")).status());
        assertEquals(400, assertThrows(ApiException.class, () -> details.progress(MODEL, "../0")).status());
        assertEquals(404, assertThrows(ApiException.class, () -> details.progress(
                "Dataset001_Cells__nnUNetTrainer__otherPlans__2d", "0")).status());
    }

    @Test
    public void thePlanSummarisesTheConfigurationItsChildInherits() throws Exception {
        checkpoint("0", "checkpoint_final", 3);
        assertEquals("no plans.json yet", 404, assertThrows(ApiException.class, () -> details.plans(MODEL))
                .status());
        Files.writeString(model.resolve("plans.json"), """
                {"dataset_name": "Dataset001_Cells", "plans_name": "tinyPlans",
                 "experiment_planner_used": "ExperimentPlanner",
                 "configurations": {
                   "base": {"data_identifier": "nnUNetPlans_2d", "batch_size": 2, "patch_size": [64, 96],
                     "spacing": [1.0, 1.0], "normalization_schemes": ["ZScoreNormalization"],
                     "architecture": {"network_class_name": "dynamic_network_architectures.architectures.unet.PlainConvUNet",
                       "arch_kwargs": {"n_stages": 3, "features_per_stage": [4, 8, 16]}}},
                   "2d": {"inherits_from": "base", "batch_size": 4, "num_epochs": 7,
                     "num_iterations_per_epoch": 5}}}
                """);
        ModelDetails.PlansSummary plans = details.plans(MODEL);
        assertEquals("tinyPlans", plans.plansName());
        assertEquals("2d", plans.configuration());
        assertArrayEquals(new int[] {64, 96}, plans.patchSize());
        assertEquals(Integer.valueOf(4), plans.batchSize());
        assertEquals("dynamic_network_architectures.architectures.unet.PlainConvUNet", plans.network().networkClass());
        assertEquals(Integer.valueOf(3), plans.network().stages());
        assertArrayEquals(new int[] {4, 8, 16}, plans.network().featuresPerStage());
        assertEquals(7, ((Number) plans.numEpochs()).intValue());
        assertEquals(5, ((Number) plans.iterationsPerEpoch()).intValue());
        assertEquals(List.of("ZScoreNormalization"), plans.normalizationSchemes());
    }
}
