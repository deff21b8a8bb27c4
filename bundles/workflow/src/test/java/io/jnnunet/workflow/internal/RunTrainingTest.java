package io.jnnunet.workflow.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.EvaluationSummary;
import io.jnnunet.api.LoadedModel;
import io.jnnunet.api.PredictionRequest;
import io.jnnunet.api.PredictionResult;
import io.jnnunet.api.Predictor;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.Trainer;
import io.jnnunet.api.TrainingRequest;
import io.jnnunet.api.TrainingResult;
import io.jnnunet.api.workflow.ProgressLines;
import io.jnnunet.api.workflow.RunTrainingRequest;
import io.jnnunet.api.workflow.RunTrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * nnU-Net's run_training as a sequence: train, then validate the finished fold with the requested checkpoint. The
 * trainer and the predictor are stand-ins that record what they were asked (the real ones need DJL and minutes; the
 * itests run them).
 */
public class RunTrainingTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<String> lines = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();

    private RunTraining workflow(boolean finishes) {
        RealStages stages = new RealStages(tmp.getRoot().toPath());
        RunTraining workflow = new RunTraining(stages.paths);
        workflow.setTrainer(new Trainer() {
            @Override
            public String name() {
                return "nnUNetTrainer";
            }

            @Override
            public TrainingResult train(TrainingRequest request, ProgressListener listener) {
                calls.add("train " + request.trainer() + " " + request.outputFolder() + " " + request.epochs());
                return new TrainingResult(request.outputFolder(), finishes ? 2 : 1, finishes, 0.5, 0.4);
            }
        });
        return workflow;
    }

    private Predictor validator() {
        return new Predictor() {
            @Override
            public PredictionResult predict(PredictionRequest request, ProgressListener listener) {
                throw new AssertionError("not a prediction");
            }

            @Override
            public LoadedModel load(Path modelFolder, List<String> folds, String checkpointName, String device,
                    ProgressListener listener) {
                throw new AssertionError("not a prediction");
            }

            @Override
            public List<String> cases(Path input, Path modelFolder) {
                throw new AssertionError("not a prediction");
            }

            @Override
            public EvaluationSummary validate(Path foldFolder, Path preprocessedDataset, String checkpointName,
                    String device, ProgressListener listener) {
                calls.add("validate " + foldFolder + " " + checkpointName);
                return new EvaluationSummary(foldFolder.resolve("validation/summary.json"), 2, Map.of("Dice", 0.75),
                        Map.of("1", Map.of("Dice", 0.75)), Map.of(), List.of());
            }
        };
    }

    private static RunTrainingRequest request(boolean validationOnly, boolean best) {
        return new RunTrainingRequest("1", "2d", "0", "nnUNetTrainer_5epochs", "tinyPlans", false, 2, null, null,
                validationOnly, best, null, null);
    }

    private Path fold() {
        return tmp.getRoot().toPath().resolve("nnUNet_results/Dataset001_Cells/nnUNetTrainer_5epochs__tinyPlans__2d"
                + "/fold_0");
    }

    @Test
    public void trainsThenValidatesTheFinishedFold() throws Exception {
        RunTraining workflow = workflow(true);
        workflow.setPredictor(validator());

        RunTrainingResult result = workflow.runTraining(request(false, false), new ProgressLines(lines::add));

        assertEquals(List.of("train nnUNetTrainer_5epochs " + fold() + " 2", "validate " + fold()
                + " checkpoint_final"), calls);
        assertEquals(fold().toString(), result.foldFolder());
        assertEquals(new RunTrainingResult.Training(2, true, 0.5, 0.4), result.training());
        assertEquals(0.75, result.validation().foregroundMean().get("Dice"), 0);
        assertEquals("train Dataset001_Cells 2d fold 0 (tinyPlans) -> " + fold(), lines.get(0));
        assertTrue(lines.toString(), lines.get(1).startsWith("Finished after 2 epochs; best EMA pseudo Dice 0.5000"));
        assertTrue(lines.toString(), lines.get(2).startsWith("Validation of 2 cases: mean Dice [1: 0.7500]"));
    }

    @Test
    public void aStoppedTrainingIsNotValidatedAndValidationOnlyDoesNotTrain() throws Exception {
        RunTraining stopped = workflow(false);
        stopped.setPredictor(validator());
        RunTrainingResult result = stopped.runTraining(request(false, false), new ProgressLines(lines::add));
        assertNull(result.validation());
        assertTrue(lines.toString(), lines.get(1).startsWith("Stopped after 1 epochs"));

        calls.clear();
        RunTrainingResult validated = stopped.runTraining(request(true, true), new ProgressLines(lines::add));
        assertEquals(List.of("validate " + fold() + " checkpoint_best"), calls);
        assertNull(validated.training());
    }

    @Test
    public void withoutAPredictorTheValidationIsSkippedAndWithoutATrainerNothingRuns() throws Exception {
        RunTrainingResult result = workflow(true).runTraining(request(false, false), new ProgressLines(lines::add));
        assertNull(result.validation());
        assertEquals("No predictor is installed (feature jnnunet-inference): the final validation is skipped",
                lines.get(lines.size() - 1));

        IllegalStateException none = assertThrows(IllegalStateException.class, () -> new RunTraining(
                new RealStages(tmp.getRoot().toPath()).paths).runTraining(request(false, false),
                ProgressListener.NONE));
        assertEquals("no trainer is installed (feature jnnunet-training)", none.getMessage());
    }
}
