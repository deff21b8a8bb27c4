package io.jnnunet.postprocessing.internal.instances;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.InstanceRecipe;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SampleType;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.NnunetDatasetReader;
import io.jnnunet.io.internal.PngImageIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RecipeDatasetConverterTest {

    private static final Path SAMPLE = Paths.get("../../sample-data/Dataset001_Cells");

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final PngImageIo png = new PngImageIo();
    private final NnunetDatasetReader reader = new NnunetDatasetReader();
    private final RecipeDatasetConverter converter = new RecipeDatasetConverter(reader,
            ImageIoRegistryComponent.of(png));

    /** Odd ids become 1 and even ids 2, so the test can tell the encoding from a copy. */
    private static final class ParityRecipe implements InstanceRecipe {
        Map<String, Double> seen;

        @Override
        public String name() {
            return "parity";
        }

        @Override
        public String description() {
            return "odd and even";
        }

        @Override
        public Map<String, Object> labels() {
            Map<String, Object> labels = new LinkedHashMap<>();
            labels.put("background", 0);
            labels.put("odd", 1);
            labels.put("even", 2);
            return labels;
        }

        @Override
        public Map<String, Double> defaultParameters() {
            return Map.of();
        }

        @Override
        public ImageVolume trainingLabels(ImageVolume instances, Map<String, Double> parameters) {
            seen = parameters;
            float[] ids = instances.channel(0);
            float[] out = new float[ids.length];
            for (int i = 0; i < ids.length; i++) {
                out[i] = ids[i] == 0 ? 0 : 2 - ids[i] % 2;
            }
            return ImageVolume.of(instances.shape(), instances.spacing(), SampleType.UINT8, out);
        }

        @Override
        public ImageVolume instances(ImageVolume semanticLabels, Map<String, Double> parameters) {
            throw new UnsupportedOperationException();
        }
    }

    private RecipeDatasetConverter.Request request(Path source, Path raw, String name, InstanceRecipe recipe,
            boolean overwrite) {
        return new RecipeDatasetConverter.Request(source, raw, name, recipe, Map.of("width", 3.0), overwrite);
    }

    @Test
    public void buildsTheDatasetWithEncodedLabelsAndTheOtherFoldersTakenOver() throws IOException {
        Path raw = temp.newFolder("raw").toPath();
        ParityRecipe recipe = new ParityRecipe();
        Path target = converter.convert(request(SAMPLE, raw, "Dataset002_Parity", recipe, false),
                ProgressListener.NONE);

        assertEquals(raw.resolve("Dataset002_Parity"), target);
        assertEquals(Map.of("width", 3.0), recipe.seen);
        for (String folder : List.of("imagesTr", "imagesTs", "labelsTr_instances", "labelsTs_instances")) {
            assertEquals(folder, names(SAMPLE.resolve(folder)), names(target.resolve(folder)));
        }
        // the test labels are encoded too, so that they mean what the new dataset.json says
        assertEquals(names(SAMPLE.resolve("labelsTs")), names(target.resolve("labelsTs")));
        float[] testIds = png.readSegmentation(SAMPLE.resolve("labelsTs_instances/BBBC039_100.png")).channel(0);
        float[] testLabels = png.readSegmentation(target.resolve("labelsTs/BBBC039_100.png")).channel(0);
        for (int i = 0; i < testIds.length; i++) {
            assertEquals(testIds[i] == 0 ? 0 : 2 - testIds[i] % 2, testLabels[i], 0);
        }
        assertArrayEquals(Files.readAllBytes(SAMPLE.resolve("imagesTr/BBBC039_000_0000.png")),
                Files.readAllBytes(target.resolve("imagesTr/BBBC039_000_0000.png")));
        assertEquals(names(SAMPLE.resolve("labelsTr")), names(target.resolve("labelsTr")));
        float[] ids = png.readSegmentation(SAMPLE.resolve("labelsTr_instances/BBBC039_000.png")).channel(0);
        float[] labels = png.readSegmentation(target.resolve("labelsTr/BBBC039_000.png")).channel(0);
        for (int i = 0; i < ids.length; i++) {
            assertEquals(ids[i] == 0 ? 0 : 2 - ids[i] % 2, labels[i], 0);
        }
        DatasetSpec spec = reader.readDatasetJson(target);
        DatasetSpec original = reader.readDatasetJson(SAMPLE);
        assertEquals(recipe.labels(), spec.labels());
        assertEquals(original.channelNames(), spec.channelNames());
        assertEquals(original.numTraining(), spec.numTraining());
        assertEquals(original.licence(), spec.licence());
        assertTrue(spec.description(), spec.description().startsWith(original.description()));
        assertTrue(spec.description(), spec.description().contains("instance recipe parity"));
        assertEquals(Map.of("name", "parity", "parameters", Map.of("width", 3.0)), spec.other().get("instance_recipe"));
        assertEquals(List.of("Dataset002_Parity"), names(raw)); // no temporary folder left behind
    }

    @Test
    public void refusesAnExistingDatasetUnlessOverwriteAndAnIdThatIsTaken() throws IOException {
        Path raw = temp.newFolder("raw").toPath();
        Path existing = Files.createDirectories(raw.resolve("Dataset002_Parity"));
        Files.writeString(existing.resolve("stale.txt"), "old");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> converter.convert(
                request(SAMPLE, raw, "Dataset002_Parity", new ParityRecipe(), false), ProgressListener.NONE));
        assertEquals(existing + " exists; --overwrite replaces it", e.getMessage());

        converter.convert(request(SAMPLE, raw, "Dataset002_Parity", new ParityRecipe(), true), ProgressListener.NONE);
        assertFalse(Files.exists(existing.resolve("stale.txt")));
        assertTrue(Files.isDirectory(existing.resolve("labelsTr")));

        assertThrows(IllegalStateException.class, () -> converter.convert(
                request(SAMPLE, raw, "Dataset002_Other", new ParityRecipe(), false), ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> converter.convert(
                request(SAMPLE, raw, "Parity", new ParityRecipe(), false), ProgressListener.NONE));
        assertEquals(List.of("Dataset002_Parity"), names(raw));
    }

    @Test
    public void aSourceWithoutInstanceLabelsIsAnErrorNamingTheFolderAndLeavesNothing() throws IOException {
        Path source = temp.newFolder("Dataset001_Plain").toPath();
        Files.copy(SAMPLE.resolve("dataset.json"), source.resolve("dataset.json"));
        Path raw = temp.newFolder("raw").toPath();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> converter.convert(
                request(source, raw, "Dataset003_X", new ParityRecipe(), false), ProgressListener.NONE));
        assertTrue(e.getMessage(), e.getMessage().startsWith(source + " has no labelsTr_instances folder"));
        assertEquals(List.of(), names(raw));
    }

    @Test
    public void aBadInstanceFileIsNamedAndNoDatasetIsLeft() throws IOException {
        Path source = temp.newFolder("Dataset001_Broken").toPath();
        for (String folder : List.of("imagesTr", "labelsTr", "labelsTr_instances")) {
            copyTree(SAMPLE.resolve(folder), source.resolve(folder));
        }
        Files.copy(SAMPLE.resolve("dataset.json"), source.resolve("dataset.json"));
        Path broken = source.resolve("labelsTr_instances/BBBC039_003.png");
        Files.writeString(broken, "not a png");
        Path raw = temp.newFolder("raw").toPath();
        Exception e = assertThrows(Exception.class, () -> converter.convert(
                request(source, raw, "Dataset003_X", new ParityRecipe(), false), ProgressListener.NONE));
        assertTrue(e.getMessage(), e.getMessage().contains("BBBC039_003.png"));
        assertEquals(List.of(), names(raw));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : names(from)) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
    }
}
