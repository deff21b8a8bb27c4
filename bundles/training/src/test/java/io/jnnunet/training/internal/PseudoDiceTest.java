package io.jnnunet.training.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class PseudoDiceTest {

    private static final int CLASSES = 4;
    private static final int IGNORE = 4;

    private NDManager manager;

    @Before
    public void openManager() {
        manager = Engine.getEngine("PyTorch").newBaseManager();
    }

    @After
    public void closeManager() {
        manager.close();
    }

    /**
     * Batch 1: predicted [0 1 1 2 2 0] against [0 1 2 2 ignore 1]: class 1 TP 1 FP 1 FN 1, class 2 TP 1 FN 1 (its FP
     * falls on the ignored voxel). Batch 2: [1 1] against [1 0] adds class 1 TP 1 FP 1. Class 1: 2·2/(4+2+1) = 4/7;
     * class 2: 2/(2+0+1); class 3 never occurs: NaN.
     */
    @Test
    public void sumsCountsOverBatchesAndMasksTheIgnoreLabel() {
        PseudoDice dice = new PseudoDice(CLASSES, IGNORE);
        dice.add(logits(0, 1, 1, 2, 2, 0), target(0, 1, 2, 2, IGNORE, 1));
        dice.add(logits(1, 1), target(1, 0));
        double[] result = dice.dice();
        assertArrayEquals(new double[] {4 / 7.0, 2 / 3.0}, new double[] {result[0], result[1]}, 1e-12);
        assertTrue(Double.isNaN(result[2]));
    }

    /** (1, c, 1, w) logits whose argmax is the given label per voxel. */
    private NDArray logits(int... predicted) {
        float[] values = new float[CLASSES * predicted.length];
        for (int v = 0; v < predicted.length; v++) {
            values[predicted[v] * predicted.length + v] = 5;
        }
        return manager.create(values, new Shape(1, CLASSES, 1, predicted.length));
    }

    private NDArray target(int... labels) {
        float[] values = new float[labels.length];
        for (int v = 0; v < labels.length; v++) {
            values[v] = labels[v];
        }
        return manager.create(values, new Shape(1, 1, 1, labels.length));
    }
}
