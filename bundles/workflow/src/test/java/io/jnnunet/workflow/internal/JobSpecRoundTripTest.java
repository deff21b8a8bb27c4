package io.jnnunet.workflow.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnnunet.api.JobRunner;
import io.jnnunet.api.JobSpec;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SingleImageOptions;
import io.jnnunet.api.workflow.EvaluateFolderRequest;
import io.jnnunet.api.workflow.EvaluationResult;
import io.jnnunet.api.workflow.EvaluationWorkflow;
import io.jnnunet.api.workflow.PredictFolderRequest;
import io.jnnunet.api.workflow.PredictFolderResult;
import io.jnnunet.api.workflow.PredictionWorkflow;
import io.jnnunet.api.workflow.RunTrainingRequest;
import io.jnnunet.api.workflow.RunTrainingResult;
import io.jnnunet.api.workflow.TrainingWorkflow;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A job is data: a training, a prediction and an evaluation request travel as a {@link JobSpec} in JSON text (as
 * nnU-Net's JSON files are written) and come back equal; the runner of the spec's type hands them to its workflow and
 * returns the workflow's result, which makes the same round trip.
 */
public class JobSpecRoundTripTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final NnunetJson json = new NnunetJson();

    private static final RunTrainingRequest TRAINING = new RunTrainingRequest("1", "2d", "0",
            "nnUNetTrainer_5epochs", "nnUNetPlans_budget5min", true, 3, 20, "cpu", false, true, null, null);
    private static final PredictFolderRequest PREDICTION = new PredictFolderRequest("/data/imagesTs", "/data/out",
            "Dataset001_Cells", "2d", null, null, List.of("0", "all"), "checkpoint_best", true, false, 0.75, "gpu:0",
            "auto", true, 3, "auto", List.of("BBBC039_100", "BBBC039_101"), null);
    private static final EvaluateFolderRequest EVALUATION = new EvaluateFolderRequest("/data/labelsTs", "/data/out",
            "/data/dataset.json", null, null, null, true, "/data/labelsTs_instances", true, List.of("dice",
            "instances"));

    @Test
    public void aTrainingJobRoundTripsAndItsRunnerReturnsTheWorkflowsResult() throws Exception {
        RunTrainingResult result = new RunTrainingResult("/results/fold_0", new RunTrainingResult.Training(3, true,
                0.81, 0.8), new EvaluationResult("/results/fold_0/validation/summary.json", 2, Map.of("Dice", 0.8),
                Map.of("1", Map.of("Dice", 0.8, "IoU", 0.67)), Map.of(), List.of()));
        TrainingWorkflow workflow = (request, progress) -> {
            assertEquals(TRAINING, request);
            return result;
        };
        JobRunner<RunTrainingRequest> runner = new TrainJobRunner(workflow, new RealStages(tmp.getRoot().toPath())
                .paths);

        JobSpec spec = roundTrip(TrainingWorkflow.JOB_TYPE, TRAINING);
        Object returned = runner.run(request(spec, runner), ProgressListener.NONE);

        assertEquals("train", runner.type());
        assertEquals("train Dataset001_Cells 2d fold 0 (nnUNetPlans_budget5min)", runner.describe(TRAINING));
        assertSame(result, returned);
        assertEquals(result, back(json.toString(returned), RunTrainingResult.class));
        JsonNode request = spec.request();
        assertTrue(request.toString(), request.path("continue_training").asBoolean()
                && request.path("validate_with_best").asBoolean() && request.path("iterations").asInt() == 20);
    }

    @Test
    public void aPredictionJobRoundTripsWithItsDefaults() throws Exception {
        PredictFolderResult result = new PredictFolderResult("/data/out", List.of("/data/out/a.png"), 1, 2.5,
                "core-border");
        PredictionWorkflow workflow = returning(result);
        JobRunner<PredictFolderRequest> runner = new PredictJobRunner(workflow, new RealStages(tmp.getRoot()
                .toPath()).paths);

        PredictFolderRequest back = request(roundTrip(PredictionWorkflow.JOB_TYPE, PREDICTION), runner);

        assertEquals(PREDICTION, back);
        assertEquals("nnUNetPlans", back.plans());
        assertEquals("nnUNetTrainer", back.trainer());
        assertEquals(result, back(json.toString(runner.run(back, ProgressListener.NONE)), PredictFolderResult.class));
    }

    @Test
    public void anEvaluationJobRoundTrips() throws Exception {
        EvaluationResult result = new EvaluationResult("/data/out/summary.json", 5, Map.of("Dice", 0.97),
                Map.of("1", Map.of("Dice", 0.97)), Map.of("AP@0.5", 0.9), List.of("a note"));
        EvaluationWorkflow workflow = (request, progress) -> result;
        JobRunner<EvaluateFolderRequest> runner = new EvaluateJobRunner(workflow, new RealStages(tmp.getRoot()
                .toPath()).paths);

        EvaluateFolderRequest back = request(roundTrip(EvaluationWorkflow.JOB_TYPE, EVALUATION), runner);

        assertEquals(EVALUATION, back);
        assertEquals(Integer.valueOf(8), back.workers());
        assertEquals("evaluate /data/out against /data/labelsTs", runner.describe(back));
        assertEquals(result, back(json.toString(runner.run(back, ProgressListener.NONE)), EvaluationResult.class));
    }

    /**
     * A training or prediction the process stopped in runs again with {@code --c} / {@code --continue_prediction} and
     * else the same request; an evaluation runs again as it was.
     */
    @Test
    public void anInterruptedTrainingOrPredictionResumesWithTheContinueFlagAndElseTheSameRequest() {
        RunTrainingRequest training = new RunTrainingRequest("1", "2d", "0", "nnUNetTrainer_5epochs",
                "nnUNetPlans_budget5min", false, 3, 20, "cpu", false, true, 120.0, null);
        TrainingWorkflow trainingWorkflow = (request, progress) -> null;
        RealStages stages = new RealStages(tmp.getRoot().toPath());
        assertEquals(withTrue(training, "continue_training"),
                json.mapper().valueToTree(new TrainJobRunner(trainingWorkflow, stages.paths).resumed(training)));

        PredictFolderRequest prediction = new PredictFolderRequest("/data/imagesTs", "/data/out", "Dataset001_Cells",
                "2d", "labPlans", "nnUNetTrainer_5epochs", List.of("0"), "checkpoint_best", true, false, 0.75, "cpu",
                "core-border", false, 3, "17.5", null, null);
        PredictionWorkflow predictionWorkflow = returning(null);
        assertEquals(withTrue(prediction, "continue_prediction"), json.mapper().valueToTree(
                new PredictJobRunner(predictionWorkflow, stages.paths).resumed(prediction)));

        EvaluationWorkflow evaluationWorkflow = (request, progress) -> null;
        assertSame(EVALUATION, new EvaluateJobRunner(evaluationWorkflow, stages.paths).resumed(EVALUATION));
    }

    @Test
    public void aFolderIsCutIntoBatchesOfConsecutiveCasesTwoPerWorkerAndTheirResultsMerge() throws Exception {
        PredictJobRunner runner = new PredictJobRunner(returning(null), new RealStages(tmp.getRoot().toPath()).paths);
        PredictFolderRequest folder = PREDICTION.batch(null);
        assertEquals(List.of(folder), runner.units(folder, 1));
        List<PredictFolderRequest> batches = runner.units(folder, 3);
        assertEquals(6, batches.size());
        assertEquals(IntStream.range(100, 110).mapToObj(i -> "BBBC039_" + i).toList(),
                batches.stream().flatMap(b -> b.cases().stream()).toList());
        assertTrue(batches.stream().allMatch(b -> b.cases().size() >= 1 && b.cases().size() <= 2
                && b.batch(null).equals(folder)));
        assertEquals(2, runner.units(folder.batch(List.of("BBBC039_100", "BBBC039_101")), 5).size());

        List<JsonNode> results = new ArrayList<>();
        results.add(json.mapper().valueToTree(new PredictFolderResult("/data/out", List.of("/data/out/b.png"), 0, 3,
                "core-border")));
        results.add(json.mapper().valueToTree(new PredictFolderResult("/data/out", List.of("/data/out/a.png"), 1, 5,
                "core-border")));
        assertEquals(new PredictFolderResult("/data/out", List.of("/data/out/a.png", "/data/out/b.png"), 1, 5,
                "core-border"), runner.merge(folder, results));
    }

    /** A prediction workflow whose folder prediction returns {@code result}; single images are not asked of it. */
    private static PredictionWorkflow returning(PredictFolderResult result) {
        return new PredictionWorkflow() {
            @Override
            public PredictFolderResult predictFolder(PredictFolderRequest request, ProgressListener progress) {
                return result;
            }

            @Override
            public List<String> cases(PredictFolderRequest request) {
                return request.cases() != null ? request.cases() : IntStream.range(100, 110)
                        .mapToObj(i -> "BBBC039_" + i).toList();
            }

            @Override
            public SingleImageOptions singleImageOptions(String dataset, NnunetPaths.ModelName model,
                    String instances, String objectDiameter, boolean mirroring, double stepSize) {
                throw new UnsupportedOperationException("not a single-image test");
            }
        };
    }

    /** The request as JSON with one boolean key true, after checking that it was false. */
    private JsonNode withTrue(Object request, String key) {
        ObjectNode tree = json.mapper().valueToTree(request);
        assertTrue(key, tree.has(key) && !tree.get(key).asBoolean());
        return tree.put(key, true);
    }

    @Test
    public void aRequestWrittenByHandTakesTheDefaultsAndABadOneNamesItsField() throws IOException {
        RunTrainingRequest minimal = back("{\"dataset\": \"1\", \"configuration\": \"2d\", \"fold\": \"all\"}",
                RunTrainingRequest.class);
        assertEquals(new RunTrainingRequest("1", "2d", "all", "nnUNetTrainer", "nnUNetPlans", false, null, null,
                null, false, false, null, null), minimal);

        IOException badFold = assertThrows(IOException.class, () -> back("{\"dataset\": \"1\", \"configuration\":"
                + " \"2d\", \"fold\": \"five\"}", RunTrainingRequest.class));
        assertTrue(badFold.getMessage(), badFold.getMessage().contains("fold must be a fold: 0, 1, ... or all, got"
                + " 'five'"));
        IllegalArgumentException badStep = assertThrows(IllegalArgumentException.class,
                () -> new PredictFolderRequest("in", "out", "1", "2d", null, null, null, null, false, null, 1.5, null,
                        null, false, null, null, null, null));
        assertEquals("step_size must be in (0, 1], got 1.5", badStep.getMessage());
        IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
                () -> new RunTrainingRequest("1", "2d", "0", "a__b", null, false, null, null, null, false, false, null,
                        null));
        assertTrue(badName.getMessage(), badName.getMessage().startsWith("trainer must be a name"));
    }

    /** The request as a job spec's JSON text, read back as a spec. */
    private JobSpec roundTrip(String type, Object request) throws IOException {
        JobSpec spec = new JobSpec(type, 1, back(json.toString(request), JsonNode.class));
        JobSpec back = back(json.toString(spec), JobSpec.class);
        assertEquals(spec, back);
        return back;
    }

    /** The spec's request as its runner's request record. */
    private <R> R request(JobSpec spec, JobRunner<R> runner) throws IOException {
        return back(json.toString(spec.request()), runner.requestType());
    }

    /** JSON text read back through NnunetJson, which reads files. */
    private <T> T back(String text, Class<T> type) throws IOException {
        Path file = Files.writeString(tmp.newFile().toPath(), text);
        return json.read(file, type);
    }
}
