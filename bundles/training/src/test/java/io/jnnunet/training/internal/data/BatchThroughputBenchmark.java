package io.jnnunet.training.internal.data;

import static org.junit.Assume.assumeTrue;

import io.jnnunet.api.Plans;
import org.junit.Test;

/**
 * Batches per second of the cells' 2d configuration, run with {@code -Djnnunet.benchmark=true}: the budget plan's
 * patch (160 x 192, batch 2) and nnU-Net's default (640 x 768, batch 4), 0 (made in the caller), 1 and 2 workers.
 */
public class BatchThroughputBenchmark {

    @Test
    public void trainingBatchesPerSecond() throws Exception {
        assumeTrue(Boolean.getBoolean("jnnunet.benchmark"));
        Plans plans = CellsDataTest.budgetPlans();
        double[][] scales = TrainingData.deepSupervisionScales(
                plans.configuration("2d").architecture().archKwargs().strides());
        TrainingData data = TrainingData.open(CellsDataTest.CELLS, plans, "2d", "all");
        int[][] patches = {{160, 192}, {640, 768}};
        int[] batchSizes = {2, 4};
        int[] counts = {200, 40};
        for (int p = 0; p < patches.length; p++) {
            for (int workers = 0; workers <= 2; workers++) {
                for (boolean recycle : new boolean[] {false, true}) {
                    try (BatchSource source = data.trainingBatches(batchSizes[p], patches[p], scales, 0.33,
                            true, workers, 1)) {
                        for (int i = 0; i < 5; i++) {
                            source.next();
                        }
                        long start = System.nanoTime();
                        for (int i = 0; i < counts[p]; i++) {
                            Batch batch = source.next();
                            if (recycle) {
                                source.recycle(batch);
                            }
                        }
                        double seconds = (System.nanoTime() - start) / 1e9;
                        System.out.printf("patch %dx%d batch %d workers %d recycle %s: %.1f batches/s, "
                                + "%.1f ms per batch%n", patches[p][0], patches[p][1], batchSizes[p], workers,
                                recycle, counts[p] / seconds, 1000 * seconds / counts[p]);
                    }
                }
            }
        }
    }
}
