package io.jnnunet.postprocessing.internal.decision;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SampleType;
import io.jnnunet.evaluation.internal.NnunetFolderEvaluator;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.postprocessing.internal.LargestComponentPostprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NnunetPostprocessingServiceTest {

    static final int SIZE = 24;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final PngImageIo png = new PngImageIo();
    private final ImageIoRegistryComponent registry = ImageIoRegistryComponent.of(png);
    private final NnunetPostprocessingService service = new NnunetPostprocessingService(
            NnunetFolderEvaluator.withBuiltInEvaluators(registry), registry,
            List.of(new LargestComponentPostprocessor()));

    static DatasetSpec dataset(String... labels) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("background", 0);
        for (int i = 0; i < labels.length; i++) {
            map.put(labels[i], i + 1);
        }
        return DatasetSpec.of(Map.of("0", "nuclei"), map, 2, ".png");
    }

    /** A 24 x 24 label map with rectangles: {label, row0, row1, col0, col1} each, inclusive. */
    static float[] labels(int[]... rectangles) {
        float[] map = new float[SIZE * SIZE];
        for (int[] r : rectangles) {
            for (int y = r[1]; y <= r[2]; y++) {
                for (int x = r[3]; x <= r[4]; x++) {
                    map[y * SIZE + x] = r[0];
                }
            }
        }
        return map;
    }

    void write(Path file, float[] labels) throws IOException {
        Files.createDirectories(file.getParent());
        png.write(ImageVolume.of(new int[] {1, SIZE, SIZE}, new double[] {999, 1, 1}, SampleType.UINT8, labels),
                file);
    }

    float[] read(Path file) throws IOException {
        return png.readSegmentation(file).channel(0);
    }

    static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** One organ per case (10 x 10, and 6 x 6) and stray specks in the predictions. */
    Path organWithSpecks(Path root) throws IOException {
        int[] organA = {1, 5, 14, 5, 14};
        int[] organB = {1, 8, 13, 2, 7};
        write(root.resolve("gt/a.png"), labels(organA));
        write(root.resolve("gt/b.png"), labels(organB));
        write(root.resolve("pred/a.png"), labels(organA, new int[] {1, 0, 0, 0, 0}, new int[] {1, 23, 23, 23, 23}));
        write(root.resolve("pred/b.png"), labels(organB));
        return root.resolve("pred");
    }

    @Test
    public void keepsTheLargestComponentWhenItRemovesSpecksAroundAnOrgan() throws IOException {
        Path root = tmp.getRoot().toPath();
        Path predictions = organWithSpecks(root);

        Path file = service.determine(predictions, root.resolve("gt"), dataset("organ"), 2, ProgressListener.NONE);

        assertEquals(predictions.resolve("postprocessing.json"), file);
        JsonNode decision = json(file);
        // case a: TP 100, FP 2: 200 / 202; case b: 1
        assertEquals((200.0 / 202 + 1) / 2, decision.at("/input_folder/foreground_mean/Dice").asDouble(), 1e-12);
        assertEquals((200.0 / 202 + 1) / 2, decision.at("/input_folder/mean/1/Dice").asDouble(), 1e-12);
        assertEquals(1.0, decision.at("/postprocessed/foreground_mean/Dice").asDouble(), 0);
        assertEquals(List.of(NnunetPostprocessingService.LARGEST_COMPONENT),
                List.of(decision.get("postprocessing_fns").get(0).asText()));
        assertEquals(1, decision.get("postprocessing_fns").size());
        assertEquals("[{\"labels_or_regions\":[1]}]", decision.get("postprocessing_kwargs").toString());
        Path postprocessed = predictions.resolve("postprocessed");
        assertArrayEquals(labels(new int[] {1, 5, 14, 5, 14}), read(postprocessed.resolve("a.png")), 0);
        assertEquals(1.0, json(postprocessed.resolve("summary.json")).at("/foreground_mean/Dice").asDouble(), 0);
        assertEquals(List.of("a.png", "b.png", "summary.json"), list(postprocessed));
        // the raw predictions stay as they were
        assertEquals(1, read(predictions.resolve("a.png"))[0], 0);
    }

    @Test
    public void rejectsTheLargestComponentForImagesOfManyCells() throws IOException {
        Path root = tmp.getRoot().toPath();
        int[][] cells = {{1, 1, 3, 1, 3}, {1, 1, 2, 10, 11}, {1, 12, 15, 4, 7}, {1, 18, 20, 15, 20}};
        write(root.resolve("gt/c.png"), labels(cells));
        float[] predicted = labels(cells);
        predicted[23 * SIZE + 23] = 1;
        write(root.resolve("pred/c.png"), predicted);

        Path file = service.determine(root.resolve("pred"), root.resolve("gt"), dataset("nucleus"), 1,
                ProgressListener.NONE);

        JsonNode decision = json(file);
        // 9 + 4 + 16 + 18 = 47 cell pixels and a speck: 94 / 95; keeping the largest cell only would give 36 / 65
        assertEquals(94.0 / 95, decision.at("/input_folder/foreground_mean/Dice").asDouble(), 1e-12);
        assertEquals(94.0 / 95, decision.at("/postprocessed/foreground_mean/Dice").asDouble(), 1e-12);
        assertEquals(0, decision.get("postprocessing_fns").size());
        assertEquals(0, decision.get("postprocessing_kwargs").size());
        assertArrayEquals(predicted, read(root.resolve("pred/postprocessed/c.png")), 0);
    }

    @Test
    public void rejectsTheLargestComponentOnTheSampleNuclei() throws IOException {
        Path labels = Path.of("../../sample-data/Dataset001_Cells/labelsTr");
        Path predictions = tmp.newFolder("pred").toPath();
        List<String> cases = list(labels);
        for (String name : cases) {
            Files.copy(labels.resolve(name), predictions.resolve(name));
        }

        Path file = service.determine(predictions, labels, dataset("nucleus"), 2, ProgressListener.NONE);

        JsonNode decision = json(file);
        assertEquals(1.0, decision.at("/input_folder/foreground_mean/Dice").asDouble(), 0);
        assertEquals(0, decision.get("postprocessing_fns").size());
        assertEquals(10, cases.size());
        for (String name : cases) {
            assertArrayEquals(read(labels.resolve(name)), read(predictions.resolve("postprocessed").resolve(name)), 0);
        }
    }

    @Test
    public void decidesPerLabelOnTopOfTheForegroundDecision() throws IOException {
        Path root = tmp.getRoot().toPath();
        int[] organ = {1, 2, 5, 2, 5};
        int[] bigVessel = {2, 10, 13, 10, 14};
        int[] smallVessel = {2, 18, 19, 18, 20};
        write(root.resolve("gt/d.png"), labels(organ, bigVessel, smallVessel));
        write(root.resolve("pred/d.png"), labels(organ, bigVessel, smallVessel, new int[] {1, 20, 20, 2, 2}));

        Path file = service.determine(root.resolve("pred"), root.resolve("gt"), dataset("organ", "vessel"), 2,
                ProgressListener.NONE);

        JsonNode decision = json(file);
        // label 1: TP 16, FP 1; label 2 perfect. The whole foreground keeps only the 20 pixel vessel (label 1 to 0,
        // label 2 to 40 / 46): rejected. Label 1 alone loses its speck: accepted. Label 2 alone loses the small
        // vessel: rejected.
        assertEquals((32.0 / 33 + 1) / 2, decision.at("/input_folder/foreground_mean/Dice").asDouble(), 1e-12);
        assertEquals(1.0, decision.at("/postprocessed/foreground_mean/Dice").asDouble(), 0);
        assertEquals("[\"" + NnunetPostprocessingService.LARGEST_COMPONENT + "\"]",
                decision.get("postprocessing_fns").toString());
        assertEquals("[{\"labels_or_regions\":1}]", decision.get("postprocessing_kwargs").toString());
        assertArrayEquals(labels(organ, bigVessel, smallVessel), read(root.resolve("pred/postprocessed/d.png")), 0);
        assertFalse(Files.exists(root.resolve("pred/postprocessed/temp")));
    }

    @Test
    public void appliesADecisionToAnotherFolder() throws IOException {
        Path root = tmp.getRoot().toPath();
        Path predictions = organWithSpecks(root);
        Path decision = service.determine(predictions, root.resolve("gt"), dataset("organ"), 1,
                ProgressListener.NONE);
        write(root.resolve("new/e.png"), labels(new int[] {1, 0, 1, 0, 1}, new int[] {1, 10, 20, 10, 20}));

        service.apply(root.resolve("new"), root.resolve("out"), decision, dataset("organ"), 2, ProgressListener.NONE);

        assertArrayEquals(labels(new int[] {1, 10, 20, 10, 20}), read(root.resolve("out/e.png")), 0);
        assertEquals(List.of("e.png"), list(root.resolve("out")));
    }

    @Test
    public void appliesNnunetsOwnKwargsWithRegionsAsOneMask() throws IOException {
        Path root = tmp.getRoot().toPath();
        Path decision = Files.writeString(root.resolve("postprocessing.json"), "{\"postprocessing_fns\": [\""
                + NnunetPostprocessingService.LARGEST_COMPONENT + "\"], \"postprocessing_kwargs\":"
                + " [{\"labels_or_regions\": [[1, 2]]}]}");
        // labels 1 and 2 touch: one component of 12 pixels, larger than the 9 pixel component of label 1
        write(root.resolve("in/f.png"), labels(new int[] {1, 0, 2, 0, 1}, new int[] {2, 0, 2, 2, 3},
                new int[] {1, 10, 12, 10, 12}));

        service.apply(root.resolve("in"), root.resolve("out"), decision, dataset("a", "b"), 1, ProgressListener.NONE);

        assertArrayEquals(labels(new int[] {1, 0, 2, 0, 1}, new int[] {2, 0, 2, 2, 3}),
                read(root.resolve("out/f.png")), 0);
    }

    @Test
    public void refusesADecisionWithAnUnknownFunctionBeforeWritingAnything() throws IOException {
        Path root = tmp.getRoot().toPath();
        Path decision = Files.writeString(root.resolve("postprocessing.json"), "{\"postprocessing_fns\": "
                + "[\"fill_holes\"], \"postprocessing_kwargs\": [{\"labels_or_regions\": 1}]}");
        write(root.resolve("in/g.png"), labels());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.apply(root.resolve("in"), root.resolve("out"), decision, dataset("a"), 1,
                        ProgressListener.NONE));

        assertEquals("no postprocessor 'fill_holes' is installed; installed: ["
                + NnunetPostprocessingService.LARGEST_COMPONENT + "]", e.getMessage());
        assertFalse(Files.exists(root.resolve("out")));
    }

    @Test
    public void namesTheFileWhenTheKwargsDoNotMatchTheFunctions() throws IOException {
        Path root = tmp.getRoot().toPath();
        Path decision = Files.writeString(root.resolve("postprocessing.json"), "{\"postprocessing_fns\": [\""
                + NnunetPostprocessingService.LARGEST_COMPONENT + "\"], \"postprocessing_kwargs\": [{\"x\": 1}]}");

        IOException e = assertThrows(IOException.class, () -> service.apply(root, root.resolve("out"), decision,
                dataset("a"), 1, ProgressListener.NONE));

        assertEquals(decision + ": postprocessing_kwargs[0] has no labels_or_regions", e.getMessage());
    }

    @Test
    public void refusesAFolderWithoutPredictions() throws IOException {
        Path root = tmp.getRoot().toPath();
        Files.createDirectories(root.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> service.determine(root.resolve("empty"), root,
                dataset("a"), 1, ProgressListener.NONE));
        assertEquals(root.resolve("empty") + " holds no predictions (*.png)", e.getMessage());
    }

    static List<String> list(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
