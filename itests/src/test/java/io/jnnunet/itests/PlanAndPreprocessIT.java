package io.jnnunet.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.Fingerprint;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.Plans;
import io.jnnunet.formats.NnunetJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** nnU-Net's planning entry points inside the distribution, on the sample dataset and (when present) the full set. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlanAndPreprocessIT extends JnnunetTestSupport {

    @Inject
    NnunetPaths paths;

    private final NnunetJson json = new NnunetJson();

    @Test
    public void planAndPreprocessWritesFingerprintPlansAndPreprocessedCases() throws Exception {
        CommandResult result = execute("nnunet:plan-and-preprocess -d " + sampleDataset()
                + " --verify-dataset-integrity -c 2d -np 2");
        assertFalse(result.toString(), result.failed());
        Path preprocessed = paths.preprocessed().resolve("Dataset001_Cells");

        Fingerprint fingerprint = json.read(preprocessed.resolve("dataset_fingerprint.json"), Fingerprint.class);
        assertEquals(10, fingerprint.spacings().size());
        assertArrayEquals(new int[] {1, 520, 696}, fingerprint.shapesAfterCrop().get(0));

        Plans plans = json.read(preprocessed.resolve("nnUNetPlans.json"), Plans.class);
        assertEquals("nnUNetPlans", plans.plansName());
        ConfigurationPlan plan = plans.configuration("2d");
        assertArrayEquals(new int[] {640, 768}, plan.patchSize());
        assertEquals("nnUNetPlans_2d", plan.dataIdentifier());
        assertTrue(result.output(), result.output().contains("640 x 768"));

        Path folder = preprocessed.resolve("nnUNetPlans_2d");
        for (int i = 0; i < 10; i++) {
            String id = String.format("BBBC039_%03d", i);
            assertTrue(id, Files.isRegularFile(folder.resolve(id + ".npy")));
            assertTrue(id, Files.isRegularFile(folder.resolve(id + "_seg.npy")));
            assertTrue(id, Files.isRegularFile(folder.resolve(id + ".json")));
        }
        try (Stream<Path> siblings = Files.list(preprocessed)) {
            assertTrue("a temporary folder was left behind",
                    siblings.noneMatch(p -> p.getFileName().toString().contains("tmp")));
        }
        assertTrue(Files.isRegularFile(preprocessed.resolve("dataset.json")));
    }

    @Test
    public void budgetPlannerMeasuresTheNetworkAndPlansATrainingThatFitsTheBudget() throws Exception {
        Path dataset = sampleDataset();
        assertFalse(execute("nnunet:extract-fingerprint -d " + dataset).failed());
        CommandResult result = execute("nnunet:plan -d " + dataset + " -pl BudgetPlanner --budget-minutes 10");
        assertFalse(result.toString(), result.failed());
        Plans plans = json.read(paths.preprocessed().resolve("Dataset001_Cells/nnUNetPlans_budget10min.json"),
                Plans.class);
        ConfigurationPlan plan = plans.configuration("2d");
        long epochs = ((Number) plan.other().get("num_epochs")).longValue();
        long iterations = ((Number) plan.other().get("num_iterations_per_epoch")).longValue();
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> budget = (java.util.Map<String, Object>) plan.other().get("budget");
        double seconds = ((Number) budget.get("seconds_per_iteration")).doubleValue();
        assertTrue(budget.toString(), seconds > 0);
        assertTrue(budget.toString(), epochs * iterations * seconds <= 10 * 60);
        assertFalse(budget.toString(), ((java.util.List<?>) budget.get("probe")).isEmpty());
        assertEquals("nnUNetPlans_2d", plan.dataIdentifier());
        assertTrue(result.output(), result.output().contains("nnUNetPlans_budget10min"));
    }

    @Test
    public void plannersLists() {
        CommandResult result = execute("nnunet:planners");
        assertFalse(result.toString(), result.failed());
        assertTrue(result.output(), result.output().contains("ExperimentPlanner"));
        assertTrue(result.output(), result.output().contains("BudgetPlanner"));
    }

    @Test
    public void planWithoutFingerprintSaysWhatToRunFirst() throws Exception {
        Path empty = Files.createTempDirectory("raw").resolve("Dataset002_Empty");
        Files.createDirectories(empty);
        CommandResult result = execute("nnunet:plan -d " + empty);
        assertTrue(result.toString(), result.failed());
        assertTrue(result.toString(), result.failure().getMessage().contains("nnunet:extract-fingerprint"));
    }

    /** The default planner's 2d plan for the full cells dataset (100 cases of 520 x 696), when it is there. */
    @Test
    public void defaultPlanOfTheFullCellsDatasetMatchesTheHandComputedPlan() throws Exception {
        Path cells = sampleDataset().getParent().getParent().getParent().resolve("shared/data/cells");
        Assume.assumeTrue("../shared/data/cells is not present", Files.isDirectory(cells));
        Path raw = Files.createTempDirectory("raw").resolve("Dataset004_CellsFull");
        Files.createSymbolicLink(raw, cells);
        CommandResult result = execute("nnunet:plan-and-preprocess -d " + raw + " --no-pp -np 2");
        assertFalse(result.toString(), result.failed());
        Plans plans = json.read(paths.preprocessed().resolve("Dataset004_CellsFull/nnUNetPlans.json"),
                Plans.class);
        assertEquals(java.util.List.of("2d"), java.util.List.copyOf(plans.configurations().keySet()));
        ConfigurationPlan plan = plans.configuration("2d");
        // hand-computed from the reference rules, see docs/planning.md: E = 154,920,960 feature-map elements, so
        // no shrinking (E / 12 * 2 < 85 M) and batch round(85e6 / E * 12) = 7, capped by 5 % of the dataset's
        // voxels: round(100 * 520 * 696 * 0.05 / (640 * 768)) = 4
        assertArrayEquals(new int[] {640, 768}, plan.patchSize());
        assertEquals(4, plan.batchSize().intValue());
        assertEquals(8, plan.architecture().archKwargs().nStages());
        assertArrayEquals(new int[] {32, 64, 128, 256, 512, 512, 512, 512},
                plan.architecture().archKwargs().featuresPerStage());
        assertEquals(java.util.List.of("ZScoreNormalization"), plan.normalizationSchemes());
        assertEquals(java.util.List.of(false), plan.useMaskForNorm());
    }
}
