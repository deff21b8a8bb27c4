package io.jnnunet.workflow.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.EpochReport;
import io.jnnunet.api.InstanceDatasetConverter;
import io.jnnunet.api.InstanceTuner;
import io.jnnunet.api.Plans;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.AutoRequest;
import io.jnnunet.api.workflow.AutoResult;
import io.jnnunet.api.workflow.EvaluationResult;
import io.jnnunet.api.workflow.InstanceTuningWorkflow;
import io.jnnunet.api.workflow.PlanAndPreprocessRequest;
import io.jnnunet.api.workflow.PlanAndPreprocessResult;
import io.jnnunet.api.workflow.PlanningWorkflow;
import io.jnnunet.api.workflow.ProgressLines;
import io.jnnunet.api.workflow.RunTrainingRequest;
import io.jnnunet.api.workflow.RunTrainingResult;
import io.jnnunet.api.workflow.TrainingWorkflow;
import io.jnnunet.api.workflow.TuneInstancesRequest;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * nnunet:auto as a sequence of workflow calls on a fake clock: stand-in services record what they were asked and
 * advance the clock by what their step would take, so the budget arithmetic is exact. The real steps are tested
 * where they live; the full run needs minutes of training.
 */
public class AutoTest {

    private static final long SECOND = 1_000_000_000L;
    private static final String PLANS_JSON = """
            {"dataset_name": "%s", "plans_name": "%s", "configurations": {"2d": {
                "data_identifier": "nnUNetPlans_2d", "batch_size": 4, "patch_size": [256, 320],
                "architecture": {"network_class_name": "dynamic_network_architectures.architectures.unet.PlainConvUNet",
                    "arch_kwargs": {"n_stages": 3, "features_per_stage": [16, 32, 64]}}%s}}}
            """;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final AtomicLong clock = new AtomicLong(1000 * SECOND);
    private final List<String> calls = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final List<Object> requests = new ArrayList<>();
    private final NnunetJson json = new NnunetJson();
    private Path raw;
    private RealStages stages;
    /** The budget plan's keys after the architecture: its schedule and the planner's timing. */
    private String budgetPlanKeys = """
            , "num_epochs": 50, "num_iterations_per_epoch": 100, "budget": {"seconds_per_iteration": 0.25}""";
    /** What the training stand-in throws, or {@code null}. */
    private IOException trainingFailure;

    @Before
    public void folders() throws IOException {
        raw = tmp.newFolder("nnUNet_raw").toPath();
        stages = new RealStages(raw, tmp.getRoot().toPath());
    }

    private void advance(double seconds) {
        clock.addAndGet((long) (seconds * SECOND));
    }

    /**
     * A raw dataset with the sample's dataset.json (plus {@code extra} keys; a converted one has a border label), and
     * instance labels if asked.
     */
    private Path dataset(String name, boolean instances, Map<String, Object> extra) throws IOException {
        Path folder = Files.createDirectories(raw.resolve(name).resolve("labelsTr"));
        var spec = stages.reader.readDatasetJson(RealStages.SAMPLE_RAW.resolve("Dataset001_Cells"));
        spec.other().putAll(extra);
        if (extra.containsKey("instance_recipe")) {
            spec.labels().put("border", 2);
        }
        stages.reader.writeDatasetJson(spec, folder.getParent());
        if (instances) {
            Files.createDirectories(folder.resolveSibling("labelsTr_instances"));
        }
        return folder.getParent();
    }

    private Plans plans(String dataset, String plansName, String extra) throws IOException {
        Path file = Files.writeString(tmp.newFile().toPath(), String.format(PLANS_JSON, dataset, plansName, extra));
        return json.read(file, Plans.class);
    }

    /** nnU-Net's planning takes 80 s, the budget planner's probe 60 s. */
    private final PlanningWorkflow planning = (request, progress) -> {
        requests.add(request);
        String name = Path.of(request.datasets().get(0)).getFileName().toString();
        boolean budget = Auto.BUDGET_PLANNER.equals(request.planner());
        calls.add((budget ? "budget plan " + request.plansName() : "plan and preprocess " + request.planner())
                + " " + name);
        advance(budget ? 60 : 80);
        Plans plans = plans(name, budget ? request.plansName() : "nnUNetPlans", budget ? budgetPlanKeys : "");
        return new PlanAndPreprocessResult(List.of(new PlanAndPreprocessResult.Dataset(name, request.datasets()
                .get(0), null, null, null, plans, Map.of())));
    };

    /** 1200 s of epochs, then 100 s of final validation. */
    private final TrainingWorkflow training = (request, progress) -> {
        requests.add(request);
        calls.add("train " + Path.of(request.dataset()).getFileName() + " fold " + request.fold() + " "
                + request.plans() + " " + request.trainingSeconds() + " s");
        if (trainingFailure != null) {
            throw trainingFailure;
        }
        advance(1200);
        progress.epochDone(new EpochReport(0, 1, 0.5, 0.4, new double[] {0.8}, 0.8, 0.01, 1200, true));
        advance(100);
        return new RunTrainingResult("fold_0", new RunTrainingResult.Training(47, true, 0.8, 0.8),
                new EvaluationResult("fold_0/validation/summary.json", 2, Map.of("Dice", 0.81),
                        new TreeMap<>(Map.of("1", Map.of("Dice", 0.96), "2", Map.of("Dice", 0.66))), Map.of(),
                        List.of()));
    };

    private final InstanceTuningWorkflow tuning = (request, progress) -> {
        requests.add(request);
        calls.add("tune " + Path.of(request.dataset()).getFileName() + " " + request.plans() + " folds "
                + request.folds() + " " + request.recipe());
        advance(40);
        return new InstanceTuner.InstanceTuning("core-border", Map.of("min_core_size", 8.0), 0.91, 0.89, 2,
                List.of(), Path.of("instances.json"));
    };

    /** Converts in 10 s, into a dataset whose dataset.json names its recipe, as the real converter does. */
    private final InstanceDatasetConverter converter = (source, rawFolder, targetName, recipe, parameters,
            overwrite, progress) -> {
        calls.add("convert " + source.getFileName() + " -> " + targetName + " by " + recipe);
        advance(10);
        return dataset(targetName, true, Map.of("instance_recipe", Map.of("name", recipe)));
    };

    private AutoResult run(double minutes) throws IOException {
        Auto auto = new Auto(stages.paths, stages.reader, planning, training, tuning, clock::get);
        auto.setConverter(converter);
        return auto.runAuto(new AutoRequest("1", minutes, null, "cpu", 2, null), new ProgressLines(lines::add));
    }

    @Test
    public void convertsInstanceLabelsThenTrainsWithTheMinutesLeftAfterTheStepsAndTheReserve() throws IOException {
        dataset("Dataset001_Cells", true, Map.of());
        Files.createDirectories(tmp.getRoot().toPath().resolve("nnUNet_preprocessed/Dataset004_Old"));

        AutoResult result = run(30);

        assertEquals(List.of(
                "convert Dataset001_Cells -> Dataset005_CellsCoreBorder by core-border",
                "plan and preprocess ExperimentPlanner Dataset005_CellsCoreBorder",
                "budget plan nnUNetPlans_auto30min Dataset005_CellsCoreBorder",
                // 1800 s - 10 s - 80 s - 270 s reserve = 1440 s planned; the probe's 60 s leave 1380 s as the deadline,
                // about 50 * 1380/1440 = 47 epochs
                "train Dataset005_CellsCoreBorder fold 0 nnUNetPlans_auto30min 1380.0 s",
                "tune Dataset005_CellsCoreBorder nnUNetPlans_auto30min folds [0] auto"), calls);
        PlanAndPreprocessRequest nnunet = (PlanAndPreprocessRequest) requests.get(0);
        assertEquals(List.of("2d"), nnunet.configurations());
        assertTrue(nnunet.verifyDatasetIntegrity() && nnunet.preprocess());
        PlanAndPreprocessRequest budget = (PlanAndPreprocessRequest) requests.get(1);
        assertEquals(24.0, budget.budgetMinutes(), 1e-9);
        assertTrue(budget.plan() && !budget.preprocess() && !budget.extractFingerprint());
        assertEquals("cpu", budget.device());
        assertEquals("cpu", ((RunTrainingRequest) requests.get(2)).device());
        assertEquals("auto", ((TuneInstancesRequest) requests.get(3)).recipe());

        assertEquals(new AutoResult.Budget(1800, 270, 1440, 1380, 47), result.budget());
        assertEquals(Map.of("convert", 10.0, "plan_and_preprocess", 80.0, "budget_plan", 60.0, "train", 1200.0,
                "validate", 100.0, "tune_instances", 40.0), result.stepSeconds());
        assertEquals(List.of("convert", "plan_and_preprocess", "budget_plan", "train", "validate", "tune_instances"),
                List.copyOf(result.stepSeconds().keySet()));
        assertEquals(1490, result.totalSeconds(), 1e-9);
        assertEquals(new AutoResult.Plan("PlainConvUNet", List.of(16, 32, 64), List.of(256, 320), 4, 50, 100, 0.25,
                null),
                result.plan());
        assertEquals("Dataset001_Cells", result.sourceDataset());
        assertEquals("Dataset005_CellsCoreBorder", result.dataset());
        assertEquals(Map.of("min_core_size", 8.0), result.tuning().parameters());
        assertTrue(result.modelFolder(), result.modelFolder().endsWith(
                "nnUNet_results/Dataset005_CellsCoreBorder/nnUNetTrainer__nnUNetPlans_auto30min__2d"));

        String text = String.join("\n", lines);
        assertTrue(text, text.contains("Converted Dataset001_Cells's labelsTr_instances into"
                + " Dataset005_CellsCoreBorder by the core-border recipe"));
        assertTrue(text, text.contains("Budget: 30 min 00 s in all; 4 min 30 s kept for the final validation and"
                + " the instance tuning (15 % of the budget, at least 1 min 00 s); the budget planner plans 24 min 00 s"
                + " of training"));
        assertTrue(text, text.contains("plan nnUNetPlans_auto30min: PlainConvUNet features [16, 32, 64], patch"
                + " [256, 320], batch 4; 50 epochs x 100 iterations at 0.250 s per iteration"));
        assertTrue(text, text.contains("steps: convert 10.0 s, plan and preprocess 1 min 20 s, budget plan 1 min 00 s,"
                + " train 20 min 00 s, validate 1 min 40 s, tune instances 40.0 s"));
        assertTrue(text, text.contains("validation: 2 cases, Dice cell 0.9600, border 0.6600, foreground mean 0.8100"));
        assertTrue(text, text.contains("instances: core-border {min_core_size=8.0}, AP@0.5 0.9100 (defaults 0.8900)"));
        assertTrue(text, text.endsWith("total: 24 min 50 s of the 30 min 00 s budget (83 %)"));
    }

    @Test
    public void theReserveShrinksToTheValidationThePlansNetworkNeeds() throws IOException {
        dataset("Dataset001_Cells", true, Map.of());
        budgetPlanKeys = """
                , "median_image_size_in_voxels": [520, 696], "num_epochs": 50, "num_iterations_per_epoch": 100,
                "budget": {"seconds_per_iteration": 3.0}""";

        AutoResult result = run(30);

        // 2 of the sample's 10 cases validate; 4 x 4 windows of 256 x 320 over 520 x 696, 4 mirrorings: 64 passes
        // at 3.0 s / 4 per sample / 3 = 32 s; reserve 2 x 32 + 30 = 94 s instead of 270 s, so the training gets
        // 1800 - 10 - 80 - 60 - 94 = 1556 s
        assertEquals(new AutoResult.Budget(1800, 94, 1440, 1556, 50), result.budget());
        assertTrue(lines.toString(), lines.contains("Reserve sized from the plan: the final validation should take"
                + " about 32.0 s at the planner's pace; 1 min 34 s kept for it and the tuning (2 x that + 30.0 s)"
                + " instead of 4 min 30 s, which go to the training"));

        // a small plan's estimate stays above the floor of a minute
        lines.clear();
        budgetPlanKeys = budgetPlanKeys.replace("3.0", "0.25");
        assertEquals(60, run(30).budget().reserveSeconds(), 1e-9);
    }

    @Test
    public void aDatasetWithoutInstanceLabelsIsNeitherConvertedNorTuned() throws IOException {
        dataset("Dataset001_Cells", false, Map.of());

        AutoResult result = run(10);

        assertEquals(List.of("plan and preprocess ExperimentPlanner Dataset001_Cells",
                "budget plan nnUNetPlans_auto10min Dataset001_Cells",
                // 600 - 80 - 90 = 430 s planned, 370 s left as the deadline
                "train Dataset001_Cells fold 0 nnUNetPlans_auto10min 370.0 s"), calls);
        assertNull(result.tuning());
        assertEquals("Dataset001_Cells", result.dataset());
        assertEquals(List.of("convert", "plan_and_preprocess", "budget_plan", "train", "validate"),
                List.copyOf(result.stepSeconds().keySet()));
        assertTrue(lines.toString(), lines.contains("Dataset001_Cells has no labelsTr_instances: its labels are"
                + " trained as they are, and there is no instance decoding to tune"));
        assertTrue(lines.toString(), lines.contains("No instance tuning: Dataset001_Cells has no labelsTr_instances"));
    }

    @Test
    public void aConversionMadeBeforeIsReused() throws IOException {
        dataset("Dataset001_Cells", true, Map.of());
        dataset("Dataset002_CellsCoreBorder", true, Map.of("instance_recipe", Map.of("name", "core-border")));

        AutoResult result = run(30);

        assertEquals("Dataset002_CellsCoreBorder", result.dataset());
        assertTrue(calls.toString(), calls.stream().noneMatch(c -> c.startsWith("convert")));
        assertTrue(lines.toString(), lines.contains("Using Dataset002_CellsCoreBorder, converted from"
                + " Dataset001_Cells's labelsTr_instances by core-border before"));
    }

    @Test
    public void aFailureNamesItsStepAndABudgetTooSmallSaysWhatItNeeds() throws IOException {
        dataset("Dataset001_Cells", true, Map.of());
        trainingFailure = new IOException("fold_0/checkpoint_latest.params: no space left");

        IOException failed = assertThrows(IOException.class, () -> run(30));
        assertEquals("auto, step 'train': fold_0/checkpoint_latest.params: no space left", failed.getMessage());

        calls.clear();
        // the failed run's conversion is reused; 80 s of planning and the reserve of 60 s leave no 30 s to train
        IllegalStateException small = assertThrows(IllegalStateException.class, () -> run(2));
        assertEquals("auto, step 'budget_plan': the budget of 2.0 min leaves 0 s to train after 80 s spent and 60 s"
                + " kept for validation and tuning; give at least --budget-minutes 3", small.getMessage());
        assertEquals(List.of("plan and preprocess ExperimentPlanner Dataset002_CellsCoreBorder"), calls);
    }
}
