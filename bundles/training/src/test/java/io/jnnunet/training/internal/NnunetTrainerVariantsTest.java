package io.jnnunet.training.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.TrainerSettings;
import io.jnnunet.api.TrainerVariant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Test;

public class NnunetTrainerVariantsTest {

    private static final TrainerSettings NNUNET = TrainerSettings.defaults();
    private final Map<String, TrainerSettings> variants = NnunetTrainerVariants.variants().stream()
            .collect(Collectors.toMap(TrainerVariant::name, v -> v.settings(NNUNET)));

    @Test
    public void nnUNetTrainerIsNnunetsSettings() {
        assertEquals(new TrainerSettings(1000, 250, 50, 0.01, 3e-5, 0.99, true, 0.9, 12, 0.33, true, 1e-5, true, 50),
                NNUNET);
        assertEquals(NNUNET, variants.get("nnUNetTrainer"));
    }

    @Test
    public void theEpochVariantsChangeOnlyTheEpochs() {
        for (int epochs : new int[] {1, 5, 10, 20, 50, 100, 250, 300, 500, 750, 2000, 4000, 8000}) {
            String name = "nnUNetTrainer_" + epochs + (epochs == 1 ? "epoch" : "epochs");
            assertEquals(name, NNUNET.withNumEpochs(epochs), variants.get(name));
        }
        for (int epochs : new int[] {250, 2000, 4000, 8000}) {
            assertEquals(NNUNET.withNumEpochs(epochs).withMirroring(false),
                    variants.get("nnUNetTrainer_" + epochs + "epochs_NoMirroring"));
        }
    }

    @Test
    public void mirroringSmoothAndDeepSupervisionVariants() {
        assertFalse(variants.get("nnUNetTrainerNoMirroring").mirroring());
        assertEquals(NNUNET.withMirroring(false), variants.get("nnUNetTrainerNoMirroring"));
        assertEquals(NNUNET.withDiceSmooth(0), variants.get("nnUNetTrainerDiceCELoss_noSmooth"));
        assertEquals(NNUNET.withEnableDeepSupervision(false), variants.get("nnUNetTrainerNoDeepSupervision"));
    }

    @Test
    public void namesAreUnique() {
        List<String> names = NnunetTrainerVariants.variants().stream().map(TrainerVariant::name).toList();
        assertEquals(names.size(), names.stream().distinct().count());
        assertEquals(21, names.size());
        assertTrue(names.stream().allMatch(n -> n.startsWith("nnUNetTrainer")));
    }
}
