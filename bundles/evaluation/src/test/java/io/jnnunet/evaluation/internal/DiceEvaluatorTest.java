package io.jnnunet.evaluation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.CaseEvaluation;
import io.jnnunet.api.ImageVolume;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class DiceEvaluatorTest {

    private static Map<String, Map<String, Number>> evaluate(ImageVolume ref, ImageVolume pred,
            Map<String, int[]> labels, Integer ignore) {
        return new DiceEvaluator().evaluate(new CaseEvaluation("c", ref, pred, labels, ignore, null, null));
    }

    @Test
    public void countsVoxelsPerLabelAsNnunetDoes() {
        ImageVolume ref = Volumes.of("1100", "2200");
        ImageVolume pred = Volumes.of("1000", "2220");
        Map<String, int[]> labels = new LinkedHashMap<>();
        labels.put("1", new int[] {1});
        labels.put("2", new int[] {2});
        Map<String, Map<String, Number>> m = evaluate(ref, pred, labels, null);
        // label 1: TP 1, FN 1, FP 0, TN 6; Dice 2/3, IoU 1/2
        assertEquals(1L, m.get("1").get("TP"));
        assertEquals(0L, m.get("1").get("FP"));
        assertEquals(1L, m.get("1").get("FN"));
        assertEquals(6L, m.get("1").get("TN"));
        assertEquals(1L, m.get("1").get("n_pred"));
        assertEquals(2L, m.get("1").get("n_ref"));
        assertEquals(2.0 / 3, m.get("1").get("Dice").doubleValue(), 1e-15);
        assertEquals(0.5, m.get("1").get("IoU").doubleValue(), 1e-15);
        // label 2: TP 2, FP 1: Dice 4/5, IoU 2/3
        assertEquals(0.8, m.get("2").get("Dice").doubleValue(), 1e-15);
        assertEquals(2.0 / 3, m.get("2").get("IoU").doubleValue(), 1e-15);
    }

    @Test
    public void absentLabelIsNanAndOneSidedEmptinessIsZero() {
        Map<String, int[]> labels = new LinkedHashMap<>();
        labels.put("1", new int[] {1});
        labels.put("2", new int[] {2});
        labels.put("3", new int[] {3});
        Map<String, Map<String, Number>> m = evaluate(Volumes.of("0100"), Volumes.of("0300"), labels, null);
        assertTrue(Double.isNaN(m.get("2").get("Dice").doubleValue()));
        assertTrue(Double.isNaN(m.get("2").get("IoU").doubleValue()));
        assertEquals(4L, m.get("2").get("TN"));
        assertEquals(0.0, m.get("1").get("Dice").doubleValue(), 0);
        assertEquals(0.0, m.get("3").get("Dice").doubleValue(), 0);
        assertEquals(1L, m.get("3").get("FP"));
    }

    @Test
    public void ignoreLabelVoxelsCountForNothing() {
        // reference 3 = ignore: the prediction there is neither FP nor TN
        Map<String, Map<String, Number>> m = evaluate(Volumes.of("1133"), Volumes.of("1011"),
                Map.of("1", new int[] {1}), 3);
        assertEquals(1L, m.get("1").get("TP"));
        assertEquals(1L, m.get("1").get("FN"));
        assertEquals(0L, m.get("1").get("FP"));
        assertEquals(0L, m.get("1").get("TN"));
    }

    @Test
    public void regionIsTheUnionOfItsLabels() {
        Map<String, Map<String, Number>> m = evaluate(Volumes.of("1200"), Volumes.of("2100"),
                Map.of("(1, 2)", new int[] {1, 2}), null);
        assertEquals(2L, m.get("(1, 2)").get("TP"));
        assertEquals(1.0, m.get("(1, 2)").get("Dice").doubleValue(), 0);
    }
}
