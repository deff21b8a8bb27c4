package org.example.lab.overrides;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.CaseEvaluation;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.SampleType;
import java.util.Map;
import org.junit.Test;

public class LabDiceEvaluatorTest {

    private static ImageVolume row(String values) {
        float[] data = new float[values.length()];
        for (int x = 0; x < data.length; x++) {
            data[x] = values.charAt(x) - '0';
        }
        return ImageVolume.of(new int[] {1, 1, data.length}, new double[] {999, 1, 1}, SampleType.UINT8, data);
    }

    private static Map<String, Number> evaluate(String ref, String pred, Integer ignore) {
        return new LabDiceEvaluator().evaluate(new CaseEvaluation("c", row(ref), row(pred),
                Map.of("1", new int[] {1}), ignore, null, null)).get("1");
    }

    @Test
    public void overSegmentationKeepsDiceAndCostsVolumeSimilarity() {
        // TP 2, FP 2, FN 0
        Map<String, Number> m = evaluate("011000", "011110", null);
        assertEquals(4.0 / 6, m.get("Dice").doubleValue(), 1e-15);
        assertEquals(2.0 / 4, m.get("IoU").doubleValue(), 1e-15);
        assertEquals(1 - 2.0 / 6, m.get(LabDiceEvaluator.VOLUME_SIMILARITY).doubleValue(), 1e-15);
        assertFalse("nnU-Net's voxel counts are the built-in's", m.containsKey("TP"));
    }

    @Test
    public void misplacedButEquallyLargeIsAPerfectVolumeSimilarity() {
        Map<String, Number> m = evaluate("110000", "000011", null);
        assertEquals(0.0, m.get("Dice").doubleValue(), 0);
        assertEquals(1.0, m.get(LabDiceEvaluator.VOLUME_SIMILARITY).doubleValue(), 0);
    }

    @Test
    public void ignoredVoxelsCountForNothingAndAnAbsentLabelIsNan() {
        assertEquals(1.0, evaluate("0112", "0111", 2).get("Dice").doubleValue(), 0);
        Map<String, Number> absent = evaluate("0000", "0000", null);
        assertTrue(Double.isNaN(absent.get("Dice").doubleValue()));
        assertTrue(Double.isNaN(absent.get(LabDiceEvaluator.VOLUME_SIMILARITY).doubleValue()));
    }
}
