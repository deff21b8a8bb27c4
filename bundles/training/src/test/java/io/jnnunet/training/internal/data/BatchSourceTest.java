package io.jnnunet.training.internal.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BatchSourceTest {

    private static final int[] PATCH = {32, 40};
    private static final double[][] SCALES = {{1, 1}, {0.5, 0.5}};

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private TrainingData data;

    @Before
    public void writeDataset() throws Exception {
        Path preprocessed = temp.getRoot().toPath();
        SyntheticDataset.writeBoxCase(preprocessed, "a", new int[] {1, 60, 70}, new int[] {0, 20, 20},
                new int[] {1, 40, 45});
        SyntheticDataset.writeBoxCase(preprocessed, "b", new int[] {1, 50, 40}, new int[] {0, 5, 5},
                new int[] {1, 12, 12});
        data = TrainingData.open(preprocessed, SyntheticDataset.plans(), "2d", "all");
    }

    private static List<Batch> take(BatchSource source, int n) throws InterruptedException {
        List<Batch> batches = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            batches.add(source.next());
        }
        return batches;
    }

    @Test
    public void oneWorkerGivesTheSameBatchesForTheSameSeed() throws Exception {
        List<Batch> first;
        List<Batch> second;
        List<Batch> other;
        try (BatchSource a = data.trainingBatches(2, PATCH, SCALES, 0.33, true, 1, 42);
                BatchSource b = data.trainingBatches(2, PATCH, SCALES, 0.33, true, 1, 42);
                BatchSource c = data.trainingBatches(2, PATCH, SCALES, 0.33, true, 1, 43)) {
            first = take(a, 5);
            second = take(b, 5);
            other = take(c, 5);
        }
        boolean differs = false;
        for (int i = 0; i < 5; i++) {
            assertEquals(first.get(i).caseIds(), second.get(i).caseIds());
            assertArrayEquals(first.get(i).data(), second.get(i).data(), 0);
            assertArrayEquals(first.get(i).targets().get(1), second.get(i).targets().get(1), 0);
            differs |= !java.util.Arrays.equals(first.get(i).data(), other.get(i).data());
        }
        assertTrue(differs);
    }

    @Test
    public void closeStopsAllLoaderThreads() throws Exception {
        BatchSource source = data.trainingBatches(2, PATCH, SCALES, 0.33, true, 3, 1);
        source.next();
        assertEquals(3, loaderThreads());
        source.close();

        assertEquals(0, loaderThreads());
        try {
            source.next();
            fail("next() after close()");
        } catch (IllegalStateException expected) {
            // closed
        }
    }

    private static long loaderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("nnunet-train-data") && t.isAlive()).count();
    }

    @Test
    public void aFailingWorkerFailsNext() throws Exception {
        SampleTransform broken = (sample, random) -> {
            throw new IllegalArgumentException("broken transform");
        };
        try (BatchSource source = data.batches(data.trainCases(), 2, PATCH, PATCH, 0.33, broken, 2, 1, "failing")) {
            source.next();
            fail("a batch from a broken pipeline");
        } catch (IllegalStateException e) {
            assertTrue(e.getCause() instanceof IllegalArgumentException);
        }
    }

    @Test
    public void recycledBatchesLendTheirArrays() throws Exception {
        try (BatchSource source = data.validationBatches(2, PATCH, SCALES, 0.33, 0, 1)) {
            Batch first = source.next();
            float[] array = first.data();
            source.recycle(first);
            Batch second = source.next();

            assertSame(array, second.data());
            assertSame(first.targets().get(1), second.targets().get(1));
            assertFalse(second.caseIds().isEmpty());
        }
    }
}
