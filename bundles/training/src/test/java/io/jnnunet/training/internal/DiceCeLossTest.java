package io.jnnunet.training.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class DiceCeLossTest {

    private static final int BATCH = 2;
    private static final int CLASSES = 3;
    private static final int[] SPATIAL = {4, 5};
    private static final int VOXELS = 20;
    /** nnU-Net's {@code MemoryEfficientSoftDiceLoss} smooth. */
    private static final double SMOOTH = 1e-5;

    private NDManager manager;
    private final Random random = new Random(42);

    @Before
    public void openManager() {
        manager = Engine.getEngine("PyTorch").newBaseManager();
    }

    @After
    public void closeManager() {
        manager.close();
    }

    @Test
    public void batchDiceLossEqualsFloat64Reference() {
        assertMatchesReference(true, null, SMOOTH);
    }

    /**
     * The numbers the loss multiplies by (deep supervision's weight, the Dice's 2) are read again by the backward
     * pass: a garbage collection in between must not free them (TorchScalar). Before, the gradient summed to 2e-11 or
     * 5e27 here.
     */
    @Test
    public void gradientSurvivesAGarbageCollectionBeforeBackward() {
        assertMatchesReference(true, null, SMOOTH, true);
    }

    @Test
    public void perSampleDiceLossEqualsFloat64Reference() {
        assertMatchesReference(false, null, SMOOTH);
    }

    @Test
    public void ignoredVoxelsLeaveBothTermsAndGradient() {
        assertMatchesReference(true, 3, SMOOTH);
    }

    /** nnUNetTrainerDiceCELoss_noSmooth: smooth 0, per sample so that the term matters. */
    @Test
    public void withoutSmoothTheDiceIsThePlainRatio() {
        assertMatchesReference(false, null, 0);
    }

    /** A class absent from target and prediction scores 1 with smoothing and 0 without: the term shows. */
    @Test
    public void smoothDecidesTheDiceOfAnAbsentClass() {
        int[] target = new int[BATCH * VOXELS];
        double[] logits = new double[BATCH * CLASSES * VOXELS];
        for (int b = 0; b < BATCH; b++) {
            for (int v = 0; v < VOXELS; v++) {
                logits[(b * CLASSES) * VOXELS + v] = 40;
            }
        }
        float smoothed = new DiceCeLoss(false, null, SMOOTH).compute(array(logits), labels(target)).getFloat();
        float plain = new DiceCeLoss(false, null, 0).compute(array(logits), labels(target)).getFloat();
        assertEquals(-1, smoothed, 1e-4);
        assertEquals(0, plain, 1e-4);
    }

    @Test
    public void perfectConfidentPredictionScoresMinusOne() {
        int[] target = randomTarget(null);
        double[] logits = new double[BATCH * CLASSES * VOXELS];
        for (int b = 0; b < BATCH; b++) {
            for (int v = 0; v < VOXELS; v++) {
                logits[(b * CLASSES + target[b * VOXELS + v]) * VOXELS + v] = 40;
            }
        }
        float loss = new DiceCeLoss(true, null, SMOOTH).compute(array(logits), labels(target)).getFloat();
        assertEquals(-1, loss, 1e-5);
    }

    @Test
    public void deepSupervisionWeightsHalveAndDropTheLowestResolution() {
        assertArrayEquals(new double[] {8 / 15., 4 / 15., 2 / 15., 1 / 15., 0}, DeepSupervisionLoss.weights(5), 1e-12);
        assertArrayEquals(new double[] {1}, DeepSupervisionLoss.weights(1), 0);
    }

    @Test
    public void deepSupervisionSumsWeightedLossesOfEvaluatedHeads() {
        DiceCeLoss loss = new DiceCeLoss(true, null, SMOOTH);
        double[] full = randomLogits();
        int[] target = randomTarget(null);
        NDArray fullLogits = array(full);
        NDArray fullTarget = labels(target);
        // the second head sees the same data: its weight adds; a third head has weight 0 and garbage targets
        NDList outputs = new NDList(fullLogits, fullLogits, fullLogits);
        NDArray garbage = manager.full(fullTarget.getShape(), 99f);
        float total = new DeepSupervisionLoss(loss, 3).compute(outputs, List.of(fullTarget, fullTarget, garbage))
                .getFloat();
        assertEquals(loss.compute(fullLogits, fullTarget).getFloat(), total, 1e-6);
    }

    private void assertMatchesReference(boolean batchDice, Integer ignore, double smooth) {
        assertMatchesReference(batchDice, ignore, smooth, false);
    }

    /** @param collectGarbage through deep supervision's one head, with garbage collections before backward */
    private void assertMatchesReference(boolean batchDice, Integer ignore, double smooth, boolean collectGarbage) {
        double[] logits = randomLogits();
        int[] target = randomTarget(ignore);
        NDArray x = array(logits);
        x.setRequiresGradient(true);
        float loss;
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            DiceCeLoss diceCe = new DiceCeLoss(batchDice, ignore, smooth);
            NDArray value = collectGarbage
                    ? new DeepSupervisionLoss(diceCe, 1).compute(new NDList(x), List.of(labels(target)))
                    : diceCe.compute(x, labels(target));
            assertEquals(DataType.FLOAT32, value.getDataType());
            loss = value.getFloat();
            if (collectGarbage) {
                collectGarbage();
            }
            collector.backward(value);
        }
        assertEquals(reference(logits, target, batchDice, ignore, smooth), loss, 1e-5);
        float[] gradient = x.getGradient().toFloatArray();
        double h = 1e-5;
        for (int i : new int[] {0, 7, VOXELS + 3, 2 * VOXELS + 11, BATCH * CLASSES * VOXELS - 1}) {
            double[] plus = logits.clone();
            double[] minus = logits.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (reference(plus, target, batchDice, ignore, smooth)
                    - reference(minus, target, batchDice, ignore, smooth))
                    / (2 * h);
            assertEquals("d loss / d logit " + i, numeric, gradient[i], 1e-5 + 1e-3 * Math.abs(numeric));
        }
    }

    /** Collections and time for the cleaners of unreachable direct buffers, which free their memory, to run. */
    private static void collectGarbage() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * DC_and_CE_loss in float64: CE mean over annotated voxels, soft Dice on the softmax over the foreground classes,
     * sums over space (and batch with batch Dice), mean over classes (and samples without).
     */
    static double reference(double[] logits, int[] target, boolean batchDice, Integer ignore, double smooth) {
        double ce = 0;
        int annotated = 0;
        double[][] intersect = new double[BATCH][CLASSES];
        double[][] sumPred = new double[BATCH][CLASSES];
        double[][] sumGt = new double[BATCH][CLASSES];
        for (int b = 0; b < BATCH; b++) {
            for (int v = 0; v < VOXELS; v++) {
                int t = target[b * VOXELS + v];
                if (ignore != null && t == ignore) {
                    continue;
                }
                annotated++;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < CLASSES; c++) {
                    max = Math.max(max, logits[(b * CLASSES + c) * VOXELS + v]);
                }
                double sum = 0;
                for (int c = 0; c < CLASSES; c++) {
                    sum += Math.exp(logits[(b * CLASSES + c) * VOXELS + v] - max);
                }
                ce -= logits[(b * CLASSES + t) * VOXELS + v] - max - Math.log(sum);
                for (int c = 1; c < CLASSES; c++) {
                    double p = Math.exp(logits[(b * CLASSES + c) * VOXELS + v] - max) / sum;
                    intersect[b][c] += t == c ? p : 0;
                    sumPred[b][c] += p;
                    sumGt[b][c] += t == c ? 1 : 0;
                }
            }
        }
        double dice = 0;
        int terms = 0;
        for (int c = 1; c < CLASSES; c++) {
            if (batchDice) {
                dice += dc(intersect[0][c] + intersect[1][c], sumPred[0][c] + sumPred[1][c], sumGt[0][c] + sumGt[1][c],
                        smooth);
                terms++;
            } else {
                for (int b = 0; b < BATCH; b++) {
                    dice += dc(intersect[b][c], sumPred[b][c], sumGt[b][c], smooth);
                    terms++;
                }
            }
        }
        return (annotated == 0 ? 0 : ce / annotated) - dice / terms;
    }

    private static double dc(double intersect, double sumPred, double sumGt, double smooth) {
        return (2 * intersect + smooth) / Math.max(sumGt + sumPred + smooth, 1e-8);
    }

    private double[] randomLogits() {
        double[] logits = new double[BATCH * CLASSES * VOXELS];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = 2 * random.nextGaussian();
        }
        return logits;
    }

    /** Labels 0..2, plus the ignore label on about a fifth of the voxels when there is one. */
    private int[] randomTarget(Integer ignore) {
        int[] target = new int[BATCH * VOXELS];
        for (int i = 0; i < target.length; i++) {
            target[i] = ignore != null && random.nextInt(5) == 0 ? ignore : random.nextInt(CLASSES);
        }
        return target;
    }

    private NDArray array(double[] logits) {
        float[] values = new float[logits.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) logits[i];
        }
        return manager.create(values, new Shape(BATCH, CLASSES, SPATIAL[0], SPATIAL[1]));
    }

    private NDArray labels(int[] target) {
        float[] values = new float[target.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = target[i];
        }
        return manager.create(values, new Shape(BATCH, 1, SPATIAL[0], SPATIAL[1]));
    }
}
