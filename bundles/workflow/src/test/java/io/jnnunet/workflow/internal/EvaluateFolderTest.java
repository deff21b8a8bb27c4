package io.jnnunet.workflow.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.workflow.EvaluateFolderRequest;
import io.jnnunet.api.workflow.EvaluationResult;
import io.jnnunet.api.workflow.ProgressLines;
import io.jnnunet.evaluation.internal.NnunetFolderEvaluator;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** nnUNetv2_evaluate_folder without Karaf, with the real folder evaluator and its built-in evaluators. */
public class EvaluateFolderTest {

    private static final Path SAMPLE = RealStages.SAMPLE_RAW.resolve("Dataset001_Cells");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<String> lines = new ArrayList<>();

    private EvaluateFolder workflow() {
        EvaluateFolder workflow = new EvaluateFolder();
        workflow.setEvaluator(NnunetFolderEvaluator.withBuiltInEvaluators(new RealStages(tmp.getRoot().toPath())
                .images));
        return workflow;
    }

    @Test
    public void findsTheDatasetJsonBesideTheReferencesAndTheirInstanceReferences() throws Exception {
        Path summary = tmp.getRoot().toPath().resolve("summary.json");

        EvaluationResult result = workflow().evaluateFolder(new EvaluateFolderRequest(SAMPLE.resolve("labelsTr")
                .toString(), SAMPLE.resolve("labelsTr").toString(), null, null, summary.toString(), 2, false, null,
                false, List.of("dice")), new ProgressLines(lines::add));

        assertEquals(10, result.cases());
        assertEquals(1.0, result.foregroundMean().get("Dice"), 0);
        assertEquals(summary.toString(), result.summaryFile());
        assertTrue(Files.isRegularFile(summary));
        assertTrue(lines.toString(), lines.contains("instance references: " + SAMPLE.resolve("labelsTr_instances")
                + " (found beside the references)"));
    }

    @Test
    public void aMissingPlansFileOrEvaluatorIsNamed() {
        String labels = SAMPLE.resolve("labelsTr").toString();
        NoSuchFileException plans = assertThrows(NoSuchFileException.class, () -> workflow().evaluateFolder(
                new EvaluateFolderRequest(labels, labels, null, "/no/plans.json", null, null, false, null, false,
                        null), new ProgressLines(lines::add)));
        assertTrue(plans.getMessage(), plans.getMessage().contains("/no/plans.json"));

        IllegalStateException none = assertThrows(IllegalStateException.class, () -> new EvaluateFolder()
                .evaluateFolder(new EvaluateFolderRequest(labels, labels, null, null, null, null, false, null, false,
                        null), new ProgressLines(lines::add)));
        assertEquals("no evaluator is installed (feature jnnunet-evaluation)", none.getMessage());
    }
}
