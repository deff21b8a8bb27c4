package io.jnnunet.training.internal.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.jnnunet.api.Plans;
import io.jnnunet.formats.NnunetJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/**
 * Batches of the real preprocessed cells (10 cases of (1, 1, 520, 696)) when the demo run has made them
 * ({@code bash scripts/demo.sh}); skipped otherwise. Fold "all", so no split file is written into the demo folder.
 */
public class CellsDataTest {

    static final Path CELLS = Path.of(System.getProperty("user.dir")).resolve(
            "../../demo-run/nnUNet_preprocessed/Dataset001_Cells").normalize();

    static Plans budgetPlans() throws Exception {
        assumeTrue("no preprocessed cells at " + CELLS, Files.isDirectory(CELLS.resolve("nnUNetPlans_2d")));
        return new NnunetJson().read(CELLS.resolve("nnUNetPlans_budget10min.json"), Plans.class);
    }

    @Test
    public void budgetPlanBatchesOfTheCells() throws Exception {
        Plans plans = budgetPlans();
        int[] patch = plans.configuration("2d").patchSize();
        double[][] scales = TrainingData.deepSupervisionScales(
                plans.configuration("2d").architecture().archKwargs().strides());
        TrainingData data = TrainingData.open(CELLS, plans, "2d", "all");
        assertEquals(10, data.trainCases().size());

        try (BatchSource source = data.trainingBatches(2, patch, scales, 0.33, true, 1, 1)) {
            for (int b = 0; b < 10; b++) {
                Batch batch = source.next();
                assertArrayEquals(new long[] {2, 1, 160, 192}, batch.dataShape());
                assertEquals(scales.length, batch.targets().size());
                assertArrayEquals(new long[] {2, 1, 10, 12}, batch.targetShapes().get(scales.length - 1));
                int foreground = 0;
                for (int i = 160 * 192; i < 2 * 160 * 192; i++) {
                    foreground += batch.targets().get(0)[i] == 1 ? 1 : 0;
                }
                assertTrue("the forced sample has foreground", foreground > 0);
            }
        }
    }
}
