package io.jnnunet.training.internal.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DataLoaderTest {

    private static final SampleTransform NONE = new ComposeTransforms(List.of());

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private TrainingData open(Path preprocessed) throws IOException {
        return TrainingData.open(preprocessed, SyntheticDataset.plans(), "2d", "all");
    }

    private static DataLoader loader(int batchSize) {
        return new DataLoader(new PreprocessedDataset(Path.of("unused")), List.of("a"), batchSize,
                new int[] {8, 8}, new int[] {8, 8}, 0.33, NONE);
    }

    private static boolean[] forced(int batchSize) {
        DataLoader loader = loader(batchSize);
        boolean[] forced = new boolean[batchSize];
        for (int j = 0; j < batchSize; j++) {
            forced[j] = loader.forceForeground(j);
        }
        return forced;
    }

    @Test
    public void theLastThirdOfABatchIsForcedToContainForeground() {
        assertArrayEquals(new boolean[] {false, true}, forced(2));
        assertArrayEquals(new boolean[] {false, false, true}, forced(3));
        assertArrayEquals(new boolean[] {false, false, false, true}, forced(4));
        assertArrayEquals(new boolean[] {false, false, false, true, true}, forced(5));
        boolean[] twelve = forced(12);
        for (int j = 0; j < 12; j++) {
            assertEquals("sample " + j, j >= 8, twelve[j]);
        }
    }

    @Test
    public void forcedSamplesContainTinyForegroundAndOthersRarelyDo() throws Exception {
        Path preprocessed = temp.getRoot().toPath();
        SyntheticDataset.writeBoxCase(preprocessed, "a", new int[] {1, 200, 200}, new int[] {0, 150, 40},
                new int[] {1, 154, 44});
        SyntheticDataset.writeBoxCase(preprocessed, "b", new int[] {1, 200, 200}, new int[] {0, 10, 180},
                new int[] {1, 13, 183});
        int randomWithForeground = 0;
        int batches = 60;
        try (BatchSource source = open(preprocessed).validationBatches(3, new int[] {32, 32}, null, 0.33, 0, 1)) {
            for (int b = 0; b < batches; b++) {
                Batch batch = source.next();
                float[] target = batch.targets().get(0);
                for (int j = 0; j < 3; j++) {
                    boolean foreground = false;
                    for (int i = j * 1024; i < (j + 1) * 1024; i++) {
                        foreground |= target[i] == 1;
                    }
                    if (j == 2) {
                        assertTrue("forced sample of batch " + b, foreground);
                    } else if (foreground) {
                        randomWithForeground++;
                    }
                }
            }
        }
        assertTrue(randomWithForeground + " of " + 2 * batches, randomWithForeground < 0.2 * 2 * batches);
    }

    @Test
    public void outsideTheImageTheImageIsZeroAndTheSegmentationMinusOne() throws Exception {
        Path preprocessed = temp.getRoot().toPath();
        SyntheticDataset.writeBoxCase(preprocessed, "small", new int[] {1, 20, 24}, new int[] {0, 5, 5},
                new int[] {1, 8, 8});
        TrainingData data = open(preprocessed);
        // the patch is larger than the image: need_to_pad (12, 8) puts the image in the middle, lb = (-6, -4)
        try (BatchSource source = data.batches(data.trainCases(), 2, new int[] {32, 32}, new int[] {32, 32}, 0.33,
                NONE, 0, 1, "test")) {
            Batch batch = source.next();
            for (int j = 0; j < 2; j++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int i = j * 1024 + y * 32 + x;
                        boolean inside = y >= 6 && y < 26 && x >= 4 && x < 28;
                        assertEquals(inside ? 1f : 0f, batch.data()[i], 0);
                        if (inside) {
                            boolean box = y - 6 >= 5 && y - 6 < 8 && x - 4 >= 5 && x - 4 < 8;
                            assertEquals(box ? 1f : 0f, batch.targets().get(0)[i], 0);
                        } else {
                            assertEquals(-1f, batch.targets().get(0)[i], 0);
                        }
                    }
                }
            }
        }
        try (BatchSource validation = data.validationBatches(2, new int[] {32, 32}, null, 0.33, 0, 1)) {
            for (float v : validation.next().targets().get(0)) {
                assertTrue(v == 0 || v == 1);
            }
        }
    }

    @Test
    public void patchesNearTheBorderArePaddedConsistently() throws Exception {
        Path preprocessed = temp.getRoot().toPath();
        SyntheticDataset.writeBoxCase(preprocessed, "c", new int[] {1, 50, 50}, new int[] {0, 0, 0},
                new int[] {1, 10, 50});
        TrainingData data = open(preprocessed);
        int padded = 0;
        // read 48x48 for a 40x40 final patch: starts from -4 to 6 per axis
        try (BatchSource source = data.batches(data.trainCases(), 2, new int[] {48, 48}, new int[] {40, 40}, 0.33,
                new SpatialTransform(new int[] {40, 40}, 0, 0, 0, 0, 1, 1), 0, 3, "test")) {
            for (int b = 0; b < 30; b++) {
                Batch batch = source.next();
                assertArrayEquals(new long[] {2, 1, 40, 40}, batch.dataShape());
                for (int i = 0; i < batch.data().length; i++) {
                    boolean outside = batch.data()[i] == 0;
                    assertEquals(outside, batch.targets().get(0)[i] == -1);
                    padded += outside ? 1 : 0;
                }
            }
        }
        // a forced patch starts at max(lb, voxel - 48 // 2), not clamped to ub, so it can reach past the image
        assertTrue(padded > 0);
    }

    @Test
    public void threeDimensionalPatchesWithForcedForeground() throws Exception {
        Path preprocessed = temp.getRoot().toPath();
        SyntheticDataset.writeBoxCase(preprocessed, "vol", new int[] {12, 14, 40}, new int[] {2, 3, 30},
                new int[] {4, 5, 32});
        TrainingData data = open(preprocessed);
        try (BatchSource source = data.batches(data.trainCases(), 2, new int[] {8, 8, 8}, new int[] {8, 8, 8}, 0.33,
                TrainingTransforms.validation(new double[][] {{1, 1, 1}, {0.5, 0.5, 0.5}}), 0, 5, "test")) {
            for (int b = 0; b < 10; b++) {
                Batch batch = source.next();
                assertArrayEquals(new long[] {2, 1, 8, 8, 8}, batch.dataShape());
                assertArrayEquals(new long[] {2, 1, 4, 4, 4}, batch.targetShapes().get(1));
                boolean foreground = false;
                for (int i = 512; i < 1024; i++) {
                    foreground |= batch.targets().get(0)[i] == 1;
                }
                assertTrue(foreground);
            }
        }
    }

    @Test
    public void trainingBatchesHaveThePatchAndOneTargetPerScale() throws Exception {
        Path preprocessed = temp.getRoot().toPath();
        SyntheticDataset.writeBoxCase(preprocessed, "a", new int[] {1, 60, 70}, new int[] {0, 20, 20},
                new int[] {1, 40, 45});
        SyntheticDataset.writeBoxCase(preprocessed, "b", new int[] {1, 50, 40}, new int[] {0, 5, 5},
                new int[] {1, 12, 12});
        double[][] scales = TrainingData.deepSupervisionScales(new int[][] {{1, 1}, {2, 2}, {2, 2}, {2, 2}});
        try (BatchSource source = open(preprocessed).trainingBatches(2, new int[] {32, 40}, scales, 0.33, true, 2,
                7)) {
            for (int b = 0; b < 20; b++) {
                Batch batch = source.next();
                assertArrayEquals(new long[] {2, 1, 32, 40}, batch.dataShape());
                assertEquals(2 * 32 * 40, batch.data().length);
                assertEquals(3, batch.targets().size());
                assertArrayEquals(new long[] {2, 1, 32, 40}, batch.targetShapes().get(0));
                assertArrayEquals(new long[] {2, 1, 16, 20}, batch.targetShapes().get(1));
                assertArrayEquals(new long[] {2, 1, 8, 10}, batch.targetShapes().get(2));
                assertEquals(2 * 8 * 10, batch.targets().get(2).length);
                assertEquals(2, batch.caseIds().size());
                for (float[] target : batch.targets()) {
                    for (float v : target) {
                        assertTrue(v == 0 || v == 1);
                    }
                }
                assertFalse(Float.isNaN(batch.data()[0]));
            }
        }
    }
}
