package io.jnnunet.postprocessing.internal.tuning;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.InstanceTuner;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.evaluation.internal.InstanceEvaluator;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.postprocessing.internal.instances.CoreBorderRecipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Tuning core-border on "predictions" that are the encoded references of the sample's training cases. */
public class InstanceParameterTunerTest {

    private static final Path SAMPLE = Path.of("../../sample-data/Dataset001_Cells");

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final PngImageIo png = new PngImageIo();
    private final CoreBorderRecipe recipe = new CoreBorderRecipe();

    @Test
    public void picksTheBestParametersTriesEachSetOnceAndStoresThem() throws IOException {
        Path predictions = temp.newFolder("validation").toPath();
        Path references = SAMPLE.resolve("labelsTr_instances");
        try (Stream<Path> files = Files.list(references)) {
            for (Path file : files.sorted().limit(3).toList()) {
                png.write(recipe.trainingLabels(png.readSegmentation(file), Map.of()),
                        predictions.resolve(file.getFileName()));
            }
        }
        InstanceParameterTuner tuner = new InstanceParameterTuner(ImageIoRegistryComponent.of(png),
                new InstanceEvaluator());
        tuner.addRecipe(recipe, Map.of());
        Path output = temp.getRoot().toPath().resolve("instances.json");

        InstanceTuner.InstanceTuning tuning = tuner.tune("core-border", List.of(predictions), references,
                DatasetSpec.of(Map.of("0", "fluorescence"), Map.of("background", 0, "cell", 1, "border", 2), 3,
                        ".png"), output, ProgressListener.NONE);

        assertEquals(3, tuning.cases());
        assertTrue(tuning.toString(), tuning.score() >= tuning.defaultScore());
        assertTrue(tuning.toString(), tuning.score() > 0.95); // the encoding decodes back almost perfectly
        assertEquals(tuning.trials().size(), new HashSet<>(tuning.trials().stream()
                .map(InstanceTuner.Trial::parameters).toList()).size());
        assertTrue(tuning.trials().stream().anyMatch(t -> t.parameters().equals(tuning.parameters())
                && t.score() == tuning.score()));
        JsonNode stored = new NnunetJson().read(output, JsonNode.class);
        assertEquals("core-border", stored.path("recipe").asText());
        assertEquals(tuning.parameters().get("min_size"), stored.path("parameters").path("min_size").asDouble(), 0);
        assertThrows(IllegalArgumentException.class, () -> tuner.tune("no-such-recipe", List.of(predictions),
                references, null, output, ProgressListener.NONE));
    }
}
