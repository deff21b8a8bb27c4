package io.jnnunet.evaluation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.CaseEvaluation;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.EvaluationRequest;
import io.jnnunet.api.EvaluationSummary;
import io.jnnunet.api.Evaluator;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.InstanceRecipe;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SampleType;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.PngImageIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NnunetFolderEvaluatorTest {

    private static final Path SAMPLE = Path.of(System.getProperty("user.dir"))
            .resolve("../../sample-data/Dataset001_Cells").normalize();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final PngImageIo png = new PngImageIo();
    private final ImageIoRegistryComponent registry = ImageIoRegistryComponent.of(png);
    private final DatasetSpec cells = DatasetSpec.of(Map.of("0", "x"), Map.of("background", 0, "cell", 1), 1,
            ".png");
    private Path ref;
    private Path pred;
    private Path inst;

    @Before
    public void setUp() {
        Path root = tmp.getRoot().toPath();
        ref = root.resolve("ref");
        pred = root.resolve("pred");
        inst = root.resolve("inst");
    }

    private void write(Path folder, String name, String... rows) throws IOException {
        Files.createDirectories(folder);
        ImageVolume v = Volumes.of(rows);
        png.write(ImageVolume.of(v.shape(), v.spacing(), SampleType.UINT8, v.channel(0)), folder.resolve(name));
    }

    /** The files of {@link #ref} and {@link #pred}, the summary written into the prediction folder. */
    private EvaluationRequest request(Path refInstances, boolean instances, boolean chill, String... evaluators) {
        return new EvaluationRequest(ref, pred, pred.resolve("summary.json"), cells, refInstances, instances, chill,
                List.of(evaluators), 2);
    }

    private EvaluationRequest semantic(boolean chill, String... evaluators) {
        return request(null, false, chill, evaluators);
    }

    private static EvaluationSummary evaluate(NnunetFolderEvaluator evaluator, EvaluationRequest request)
            throws IOException {
        return evaluator.evaluateFolder(request, ProgressListener.NONE);
    }

    private NnunetFolderEvaluator builtIn() {
        return NnunetFolderEvaluator.withBuiltInEvaluators(registry);
    }

    @Test
    public void writesNnunetSummaryWithInstanceGroupsByHand() throws IOException {
        // reference: two touching cells (1 and 2); prediction: one of them, as instance 5
        write(ref, "a.png", "1111");
        write(inst, "a.png", "1122");
        write(pred, "a.png", "5500");
        EvaluationSummary summary = evaluate(builtIn(), request(inst, true, false));
        String text = Files.readString(summary.file());
        // semantic: TP 2, FN 2: Dice 2*2/(4+2) = 2/3, IoU 1/2
        String semantic = "        \"Dice\": 0.6666666666666666,\n"
                + "        \"FN\": 2.0,\n        \"FP\": 0.0,\n        \"IoU\": 0.5,\n        \"TN\": 0.0,\n"
                + "        \"TP\": 2.0,\n        \"n_pred\": 2.0,\n        \"n_ref\": 4.0\n";
        assertTrue(text, text.startsWith("{\n    \"foreground_mean\": {\n" + semantic + "    },\n"
                + "    \"instances_mean\": {\n"));
        assertTrue(text, text.contains("                \"1\": {\n                    \"Dice\": 0.6666666666666666,\n"
                + "                    \"FN\": 2,\n"));
        assertTrue(text, text.contains("\n            \"prediction_file\": \"" + pred.resolve("a.png") + "\",\n"
                + "            \"reference_file\": \"" + ref.resolve("a.png") + "\"\n        }\n    ]\n}"));
        assertTrue(text, text.contains("    \"instances_pooled\": {\n"));
        // instances: one of two cells found exactly: AP 1/2 at every threshold, PQ = 1 / (1 + 1/2)
        assertEquals(0.5, summary.instanceMean().get("AP@0.95"), 0);
        assertEquals(0.5, summary.instanceMean().get("mAP"), 0);
        assertEquals(2.0 / 3, summary.instanceMean().get("PQ"), 1e-15);
        assertEquals(1.0, summary.instanceMean().get("precision@0.5"), 0);
        assertEquals(0.5, summary.instanceMean().get("recall@0.5"), 0);
        assertEquals(2.0 / 3, summary.mean().get("1").get("Dice"), 1e-15);
        assertEquals(List.of("foreground_mean", "instances_mean", "instances_pooled", "mean", "metric_per_case"),
                topLevelKeys(text));
    }

    /** One semantic prediction and its references: two touching reference cells that the prediction covers as one. */
    private EvaluationRequest semanticPredictions() throws IOException {
        write(ref, "a.png", "1111", "0000", "0000");
        write(inst, "a.png", "1122", "0000", "0000");
        write(pred, "a.png", "1111", "0000", "1000");
        return request(inst, false, false);
    }

    @Test
    public void semanticPredictionsAreSplitIntoInstancesByTheComponentsRecipe() throws IOException {
        RowRecipe rows = new RowRecipe();
        EvaluationSummary summary = evaluate(new NnunetFolderEvaluator(registry,
                List.of(new DiceEvaluator(), new InstanceEvaluator()), rows), semanticPredictions());
        assertEquals(1, rows.calls.get());
        // the recipe's row 0 covers both touching reference cells (IoU 1/2 with each), its row 2 is a false positive
        assertEquals(2.0, summary.instanceMean().get("n_pred"), 0);
        assertEquals(1.0, summary.instanceMean().get("TP@0.5"), 0);
        assertEquals(0.0, summary.instanceMean().get("TP@0.55"), 0);
        // AP@0.5 = 1 / (1 + 1 + 1)
        assertEquals(1.0 / 3, summary.instanceMean().get("AP@0.5"), 1e-15);
        assertEquals(8.0 / 9, summary.mean().get("1").get("Dice"), 1e-15);
        assertTrue(summary.notes().isEmpty());
        assertFalse(Files.readString(summary.file()).contains("\"notes\""));
    }

    @Test
    public void withoutTheComponentsRecipeInstanceMetricsOfSemanticPredictionsAreSkippedWithANote()
            throws IOException {
        EvaluationSummary summary = evaluate(builtIn(), semanticPredictions());
        assertTrue(summary.instanceMean().isEmpty());
        assertEquals(8.0 / 9, summary.mean().get("1").get("Dice"), 1e-15);
        String note = "instance metrics skipped: the predictions are semantic labels and no instance recipe"
                + " 'connected-components' is installed to split them into instances (the jnnunet-postprocessing"
                + " bundle provides it)";
        assertEquals(List.of(note), summary.notes());
        String text = Files.readString(summary.file());
        assertTrue(text, text.contains("    \"notes\": [\n        \"" + note + "\"\n    ]\n"));
        assertEquals(List.of("foreground_mean", "mean", "metric_per_case", "notes"), topLevelKeys(text));
    }

    /** A stand-in for the {@code connected-components} recipe: each row's foreground is one instance, id row + 1. */
    private static final class RowRecipe implements InstanceRecipe {

        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return NnunetFolderEvaluator.COMPONENTS;
        }

        @Override
        public String description() {
            return "rows";
        }

        @Override
        public Map<String, Object> labels() {
            return Map.of("background", 0, "cell", 1);
        }

        @Override
        public Map<String, Double> defaultParameters() {
            return Map.of();
        }

        @Override
        public ImageVolume trainingLabels(ImageVolume instances, Map<String, Double> parameters) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ImageVolume instances(ImageVolume semanticLabels, Map<String, Double> parameters) {
            calls.incrementAndGet();
            assertEquals(Map.of(), parameters);
            int columns = semanticLabels.shape()[2];
            float[] labels = semanticLabels.channel(0);
            float[] ids = new float[labels.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = labels[i] > 0 ? i / columns + 1 : 0;
            }
            return ImageVolume.of(semanticLabels.shape(), semanticLabels.spacing(), SampleType.UINT16, ids);
        }
    }

    @Test
    public void sampleInstancesAgainstThemselvesArePerfect() throws IOException {
        EvaluationSummary summary = evaluate(builtIn(), new EvaluationRequest(SAMPLE.resolve("labelsTs"),
                SAMPLE.resolve("labelsTs_instances"), tmp.getRoot().toPath().resolve("summary.json"),
                new NnunetJson().read(SAMPLE.resolve("dataset.json"), DatasetSpec.class),
                SAMPLE.resolve("labelsTs_instances"), true, false, List.of(), 2));
        assertEquals(5, summary.cases());
        assertEquals(1.0, summary.foregroundMean().get("Dice"), 0);
        assertEquals(1.0, summary.instanceMean().get("mAP"), 0);
        assertEquals(1.0, summary.instanceMean().get("PQ"), 0);
        assertTrue(summary.instanceMean().get("n_ref") > 10);
    }

    @Test
    public void missingPredictionsFailUnlessChill() throws IOException {
        write(ref, "a.png", "11");
        write(ref, "b.png", "01");
        write(pred, "a.png", "10");
        IOException e = assertThrows(IOException.class, () -> evaluate(builtIn(), semantic(false)));
        assertTrue(e.getMessage(), e.getMessage().contains("missing 1 (b.png)"));
        assertFalse(Files.exists(pred.resolve("summary.json")));
        EvaluationSummary summary = evaluate(builtIn(), semantic(true));
        assertEquals(1, summary.cases());
        assertEquals(2.0 / 3, summary.mean().get("1").get("Dice"), 1e-15);
    }

    @Test
    public void badInputNamesTheFile() throws IOException {
        write(ref, "a.png", "11");
        write(pred, "a.png", "110");
        IOException shape = assertThrows(IOException.class, () -> evaluate(builtIn(), semantic(false)));
        assertTrue(shape.getMessage(), shape.getMessage().startsWith(pred.resolve("a.png") + " has shape [1, 1, 3]"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> evaluate(builtIn(), semantic(false, "hausdorff")));
        assertEquals("no evaluator 'hausdorff' is installed; installed: [dice, instances]",
                unknown.getMessage());
    }

    @Test
    public void aPluginsLabelMetricsJoinNnunetsAndItsGroupsStandBeside() throws IOException {
        write(ref, "a.png", "11");
        write(ref, "b.png", "01");
        write(pred, "a.png", "11");
        write(pred, "b.png", "00");
        Evaluator plugin = new Evaluator() {
            @Override
            public String name() {
                return "count";
            }

            @Override
            public String description() {
                return "test";
            }

            @Override
            public Map<String, Map<String, Number>> evaluate(CaseEvaluation c) {
                Map<String, Map<String, Number>> out = new LinkedHashMap<>();
                out.put("1", Map.of("Voxels", c.prediction().voxelCount()));
                out.put("count", Map.of("half", c.caseId().equals("a") ? 1.0 : Double.NaN));
                return out;
            }
        };
        List<Evaluator> evaluators = new ArrayList<>(List.of(new DiceEvaluator(), plugin));
        EvaluationSummary summary = evaluate(new NnunetFolderEvaluator(registry, evaluators), semantic(false));
        assertEquals(2.0, summary.mean().get("1").get("Voxels"), 0);
        assertEquals(2.0, summary.foregroundMean().get("Voxels"), 0);
        // case b: Dice 0; a: 1
        assertEquals(0.5, summary.foregroundMean().get("Dice"), 0);
        String text = Files.readString(summary.file());
        assertTrue(text, text.contains("    \"count_mean\": {\n        \"half\": 1.0\n    },\n"));
        assertTrue(text, text.contains("            \"count\": {\n                \"half\": NaN\n            },\n"));
        assertEquals(List.of("count_mean", "foreground_mean", "mean", "metric_per_case"), topLevelKeys(text));
    }

    @Test
    public void aHigherRankedEvaluatorOfABuiltInsNameReplacesItUntilItIsRemoved() throws IOException {
        write(ref, "a.png", "11");
        write(pred, "a.png", "11");
        Evaluator labDice = new Evaluator() {
            @Override
            public String name() {
                return "dice";
            }

            @Override
            public String description() {
                return "a lab's Dice";
            }

            @Override
            public Map<String, Map<String, Number>> evaluate(CaseEvaluation c) {
                return Map.of("1", Map.of("Dice", 0.25));
            }
        };
        NnunetFolderEvaluator evaluator = new NnunetFolderEvaluator(registry);
        evaluator.addEvaluator(new DiceEvaluator(), Map.of(Evaluator.NAME, "dice", NamedServices.ID, 1L));
        evaluator.addEvaluator(new InstanceEvaluator(), Map.of(Evaluator.NAME, "instances", NamedServices.ID, 2L));
        evaluator.addEvaluator(labDice, Map.of(Evaluator.NAME, "dice", NamedServices.RANKING, 10,
                NamedServices.ID, 3L));

        // only the lab's one runs for "dice", by default and by name: two would clash on the metric "Dice"
        assertEquals(0.25, evaluate(evaluator, semantic(false)).foregroundMean().get("Dice"), 0);
        assertEquals(0.25, evaluate(evaluator, semantic(false, "dice")).foregroundMean().get("Dice"), 0);

        evaluator.removeEvaluator(labDice);
        assertEquals(1.0, evaluate(evaluator, semantic(false, "dice")).foregroundMean().get("Dice"), 0);
    }

    private static List<String> topLevelKeys(String text) {
        try (Stream<String> lines = text.lines()) {
            return lines.filter(l -> l.startsWith("    \"")).map(l -> l.substring(5, l.indexOf('"', 5))).toList();
        }
    }
}
