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
        assertEquals("fold 3 has no checkpoint_final.djl or checkpoint_final.pth: " + model.resolve("fold_3"),
                missing.getMessage());
        IOException noBest = assertThrows(IOException.class,
                () -> ModelFolder.resolve(model, List.of(), "checkpoint_best.djl"));
        assertEquals("no fold of " + model + " has checkpoint_best.djl", noBest.getMessage());
        IOException badName = assertThrows(IOException.class,
                () -> ModelFolder.resolve(temp.newFolder("not_a_model").toPath(), List.of(), null));
        assertTrue(badName.getMessage(), badName.getMessage().contains("<trainer>__<plans>__<configuration>"));
    }

    @Test
    public void aFolderTrainedByNnunetIsUsedWithItsPthAsNnunetNamesIt() throws IOException {
        Path model = temp.newFolder("nnUNetTrainer_interop__nnUNetPlans_small__2d").toPath();
        Files.createDirectories(model.resolve("fold_0"));
        Files.writeString(model.resolve("fold_0/checkpoint_final.pth"), "x");
        Files.createDirectories(model.resolve("fold_1"));
        Files.writeString(model.resolve("fold_1/checkpoint_final.pth"), "x");
        Files.writeString(model.resolve("fold_1/checkpoint_final.djl"), "x");
        // nnU-Net's -chk: the .pth as it is
        assertEquals(List.of(model.resolve("fold_0/checkpoint_final.pth"), model.resolve("fold_1/checkpoint_final.pth")),
                ModelFolder.resolve(model, List.of(), "checkpoint_final.pth").checkpoints());
        // no ending: jnnunet's own checkpoint where a fold has both
        assertEquals(List.of(model.resolve("fold_0/checkpoint_final.pth"), model.resolve("fold_1/checkpoint_final.djl")),
                ModelFolder.resolve(model, List.of("0", "1"), null).checkpoints());
        assertEquals("nnUNetTrainer_interop", ModelFolder.resolve(model, List.of(), null).trainer());
        IOException missing = assertThrows(IOException.class,
                () -> ModelFolder.resolve(model, List.of("0"), "checkpoint_best.pth"));
        assertEquals("fold 0 has no checkpoint_best.pth or checkpoint_best.djl: " + model.resolve("fold_0"),
                missing.getMessage());
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
