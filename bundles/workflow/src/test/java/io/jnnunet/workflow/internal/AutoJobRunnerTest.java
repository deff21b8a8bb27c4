package io.jnnunet.workflow.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.JobRunner;
import io.jnnunet.api.JobSpec;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.AutoRequest;
import io.jnnunet.api.workflow.AutoResult;
import io.jnnunet.api.workflow.AutoWorkflow;
import io.jnnunet.api.workflow.EvaluationResult;
import io.jnnunet.api.workflow.RunTrainingResult;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** An {@code auto} job is data: its request and its result travel as JSON and come back equal. */
public class AutoJobRunnerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final NnunetJson json = new NnunetJson();

    @Test
    public void anAutoJobRoundTripsAndItsRunnerReturnsTheWorkflowsResult() throws Exception {
        AutoRequest asked = new AutoRequest("Dataset001_Cells", 30.0, "1", "gpu:0", 2, null);
        Map<String, Double> steps = new LinkedHashMap<>();
        steps.put("convert", 4.5);
        steps.put("train", 1300.0);
        AutoResult result = new AutoResult("Dataset001_Cells", "Dataset002_CellsCoreBorder", "Converted ...",
                "nnUNetPlans_auto30min", "2d", "1", "/results/Dataset002_CellsCoreBorder/nnUNetTrainer__"
                        + "nnUNetPlans_auto30min__2d", new AutoResult.Plan("PlainConvUNet", List.of(8, 16), List.of(320,
                        384), 2, 48, 90, 0.21, null), new AutoResult.Budget(1800, 270, 1400, 1350, 46), steps, 1700.5,
                new RunTrainingResult.Training(46, true, 0.8, 0.79), new EvaluationResult("/summary.json", 20,
                        Map.of("Dice", 0.8), Map.of("1", Map.of("Dice", 0.96)), Map.of(), List.of()),
                new AutoResult.Tuning("core-border", Map.of("min_core_size", 8.0), 0.92, 0.9, 20, "/instances.json"));
        AutoWorkflow workflow = (request, progress) -> {
            assertEquals(asked, request);
            return result;
        };
        JobRunner<AutoRequest> runner = new AutoJobRunner(workflow, new RealStages(tmp.getRoot().toPath()).paths);

        JobSpec spec = new JobSpec(AutoWorkflow.JOB_TYPE, 1, back(json.toString(asked), JsonNode.class));
        JobSpec travelled = back(json.toString(spec), JobSpec.class);
        AutoRequest request = back(json.toString(travelled.request()), runner.requestType());
        Object returned = runner.run(request, ProgressListener.NONE);

        assertEquals(spec, travelled);
        assertEquals(asked, request);
        assertEquals("auto", runner.type());
        assertEquals("auto Dataset001_Cells, 30 min budget, fold 1", runner.describe(request));
        assertEquals(30.0, travelled.request().path("budget_minutes").asDouble(), 0);
        assertSame(result, returned);
        AutoResult back = back(json.toString(returned), AutoResult.class);
        assertEquals(result, back);
        assertEquals(List.of("convert", "train"), List.copyOf(back.stepSeconds().keySet()));
    }

    @Test
    public void aRequestWrittenByHandTakesFoldZeroAndABadOneNamesItsField() throws IOException {
        assertEquals(new AutoRequest("1", 5.0, "0", null, null, null),
                back("{\"dataset\": \"1\", \"budget_minutes\": 5}", AutoRequest.class));

        IOException noBudget = assertThrows(IOException.class, () -> back("{\"dataset\": \"1\"}", AutoRequest.class));
        assertTrue(noBudget.getMessage(), noBudget.getMessage().contains("budget_minutes must be a number of minutes"
                + " more than 0, got null"));
        IllegalArgumentException all = assertThrows(IllegalArgumentException.class,
                () -> new AutoRequest("1", 5.0, "all", null, null, null));
        assertTrue(all.getMessage(), all.getMessage().startsWith("fold must be a cross-validation fold"));
    }

    /** JSON text read back through NnunetJson, which reads files. */
    private <T> T back(String text, Class<T> type) throws IOException {
        Path file = Files.writeString(tmp.newFile().toPath(), text);
        return json.read(file, type);
    }
}
