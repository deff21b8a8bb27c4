package io.jnnunet.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.DatasetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Which checkpoints and which input files a prediction uses, and how it says what is missing. */
public class ModelFolderTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void foldsAreFoundAsNnunetFindsThemAndMissingOnesAreNamed() throws IOException {
        Path model = temp.newFolder("nnUNetTrainer__nnUNetPlans_budget30min__2d").toPath();
        for (String fold : new String[] {"fold_1", "fold_0", "fold_all", "fold_3"}) {
            Files.createDirectories(model.resolve(fold));
            if (!fold.equals("fold_3")) {
                Files.writeString(model.resolve(fold).resolve("checkpoint_final.djl"), "x");
            }
        }
        ModelFolder all = ModelFolder.resolve(model, List.of(), "checkpoint_final");
        assertEquals("nnUNetTrainer", all.trainer());
        assertEquals("nnUNetPlans_budget30min", all.plans());
        assertEquals("2d", all.configuration());
        // numbered folds with the checkpoint, in order; fold_all only when asked for
        assertEquals(List.of(model.resolve("fold_0/checkpoint_final.djl"),
                model.resolve("fold_1/checkpoint_final.djl")), all.checkpoints());
        assertEquals(List.of(model.resolve("fold_all/checkpoint_final.djl")),
                ModelFolder.resolve(model, List.of("all"), "checkpoint_final.pth").checkpoints());
        IOException missing = assertThrows(IOException.class, () -> ModelFolder.resolve(model, List.of("3"), null));
        assertTrue(missing.getMessage(), missing.getMessage().contains("fold_3"));
        IOException badName = assertThrows(IOException.class,
                () -> ModelFolder.resolve(temp.newFolder("not_a_model").toPath(), List.of(), null));
        assertTrue(badName.getMessage(), badName.getMessage().contains("<trainer>__<plans>__<configuration>"));
    }

    @Test
    public void inputCasesGroupTheirChannelFilesAndAWrongChannelCountIsNamed() throws IOException {
        Path input = temp.newFolder("imagesTs").toPath();
        for (String name : new String[] {"b_0001.png", "b_0000.png", "a_0000.png", "a_0001.png", "notes.txt",
            "c.png"}) {
            Files.writeString(input.resolve(name), "x");
        }
        DatasetSpec twoChannels = DatasetSpec.of(Map.of("0", "DAPI", "1", "actin"), Map.of("background", 0,
                "cell", 1), 2, ".png");
        Map<String, List<Path>> cases = NnunetPredictor.discover(input, twoChannels);
        assertEquals(List.of("a", "b"), List.copyOf(cases.keySet()));
        assertEquals(List.of(input.resolve("b_0000.png"), input.resolve("b_0001.png")), cases.get("b"));

        Files.delete(input.resolve("a_0001.png"));
        IOException oneChannel = assertThrows(IOException.class, () -> NnunetPredictor.discover(input, twoChannels));
        assertTrue(oneChannel.getMessage(), oneChannel.getMessage().contains("case a"));
        IOException none = assertThrows(IOException.class,
                () -> NnunetPredictor.discover(input.resolve("nothing"), twoChannels));
        assertTrue(none.getMessage(), none.getMessage().contains("nothing"));
    }
}
