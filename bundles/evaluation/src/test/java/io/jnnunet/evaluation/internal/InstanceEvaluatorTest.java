package io.jnnunet.evaluation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.Evaluator;
import io.jnnunet.api.ImageVolume;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class InstanceEvaluatorTest {

    private static Map<String, Number> evaluate(ImageVolume ref, ImageVolume pred) {
        return new InstanceEvaluator().evaluate(Volumes.instances(ref, pred)).get(Evaluator.INSTANCES);
    }

    private static double d(Map<String, Number> m, String key) {
        return m.get(key).doubleValue();
    }

    @Test
    public void thresholdsAreFiftyToNinetyFivePercent() {
        assertEquals(List.of("0.5", "0.55", "0.6", "0.65", "0.7", "0.75", "0.8", "0.85", "0.9", "0.95"),
                InstanceEvaluator.THRESHOLDS);
    }

    @Test
    public void perfectMatchWithOtherIdsAndTouchingObjects() {
        // two touching reference objects, predicted with other ids
        Map<String, Number> m = evaluate(Volumes.of("1122", "1122"), Volumes.of("7755", "7755"));
        assertEquals(2L, m.get("TP@0.95"));
        assertEquals(1.0, d(m, "AP@0.95"), 0);
        assertEquals(1.0, d(m, "mAP"), 0);
        assertEquals(1.0, d(m, "PQ"), 0);
        assertEquals(1.0, d(m, "SQ"), 0);
    }

    @Test
    public void anObjectSplitInTwoHalvesMatchesOneOfThemAtExactlyHalf() {
        // reference object of 4 pixels, predicted as two objects of 2: IoU 0.5 each, one-to-one leaves one FP
        Map<String, Number> m = evaluate(Volumes.of("1111"), Volumes.of("2233"));
        assertEquals(1L, m.get("TP@0.5"));
        assertEquals(1L, m.get("FP@0.5"));
        assertEquals(0L, m.get("FN@0.5"));
        assertEquals(0.5, d(m, "AP@0.5"), 0);
        assertEquals(0.5, d(m, "precision@0.5"), 0);
        assertEquals(1.0, d(m, "recall@0.5"), 0);
        assertEquals(2.0 / 3, d(m, "F1@0.5"), 1e-15);
        assertEquals(0L, m.get("TP@0.55"));
        assertEquals(2L, m.get("FP@0.55"));
        assertEquals(1L, m.get("FN@0.55"));
        assertEquals(0.0, d(m, "AP@0.55"), 0);
        assertEquals(0.05, d(m, "mAP"), 1e-15);
        // PQ = 0.5 / (1 + 1/2 + 0) = 1/3, SQ = 0.5
        assertEquals(1.0 / 3, d(m, "PQ"), 1e-15);
        assertEquals(0.5, d(m, "SQ"), 0);
    }

    @Test
    public void oneToManyOverlapsMatchTheBestPartnerOnly() {
        // reference 1 (6 px) holds prediction 2 (4 px, IoU 4/6) and prediction 3 (2 px, IoU 2/6);
        // reference 4 (2 px) is missed
        Map<String, Number> m = evaluate(Volumes.of("111000", "111044"), Volumes.of("222000", "233000"));
        assertEquals(2L, m.get("n_ref"));
        assertEquals(2L, m.get("n_pred"));
        assertEquals(1L, m.get("TP@0.65"));
        assertEquals(0L, m.get("TP@0.7"));
        assertEquals(1.0 / 3, d(m, "AP@0.5"), 1e-15);
        // four thresholds (0.5 to 0.65) with AP 1/3, six with 0
        assertEquals(4.0 / 3 / 10, d(m, "mAP"), 1e-15);
        // PQ = (2/3) / (1 + 1/2 + 1/2)
        assertEquals(1.0 / 3, d(m, "PQ"), 1e-15);
        assertEquals(2.0 / 3, d(m, "SQ"), 1e-15);
    }

    @Test
    public void caicedoF1AveragesTheNineThresholdsFromHalfToNinetyPercent() {
        // IoU 9/10: matched at 0.5 .. 0.9, not at 0.95
        Map<String, Number> nine = evaluate(Volumes.of("1111111111"), Volumes.of("2222222220"));
        assertEquals(1.0, d(nine, InstanceEvaluator.CAICEDO_F1), 0);
        assertEquals(0.9, d(nine, "mAP"), 1e-15);
        // one pair at IoU 4/6 (matched at 0.5 .. 0.65), one reference missed: F1 = 2 / (2 + 1 + 1) at four of nine
        Map<String, Number> m = evaluate(Volumes.of("111000", "111044"), Volumes.of("222000", "233000"));
        assertEquals(0.5, d(m, "F1@0.65"), 0);
        assertEquals(4 * 0.5 / 9, d(m, InstanceEvaluator.CAICEDO_F1), 1e-15);
        assertTrue(Double.isNaN(d(evaluate(Volumes.of("00"), Volumes.of("00")), InstanceEvaluator.CAICEDO_F1)));
    }

    @Test
    public void emptyImagesLeaveUndefinedRatiosNan() {
        Map<String, Number> both = evaluate(Volumes.of("0000"), Volumes.of("0000"));
        assertEquals(0L, both.get("TP@0.5"));
        assertTrue(Double.isNaN(d(both, "AP@0.5")));
        assertTrue(Double.isNaN(d(both, "mAP")));
        assertTrue(Double.isNaN(d(both, "PQ")));
        assertTrue(Double.isNaN(d(both, "F1@0.5")));

        Map<String, Number> noReference = evaluate(Volumes.of("0000"), Volumes.of("0110"));
        assertEquals(1L, noReference.get("FP@0.5"));
        assertEquals(0.0, d(noReference, "AP@0.5"), 0);
        assertEquals(0.0, d(noReference, "precision@0.5"), 0);
        assertTrue(Double.isNaN(d(noReference, "recall@0.5")));
        assertEquals(0.0, d(noReference, "PQ"), 0);
        assertTrue(Double.isNaN(d(noReference, "SQ")));

        Map<String, Number> noPrediction = evaluate(Volumes.of("0110"), Volumes.of("0000"));
        assertEquals(1L, noPrediction.get("FN@0.5"));
        assertEquals(0.0, d(noPrediction, "recall@0.5"), 0);
        assertTrue(Double.isNaN(d(noPrediction, "precision@0.5")));
        assertEquals(0.0, d(noPrediction, "mAP"), 0);
    }

    @Test
    public void poolsCountsOverCasesInsteadOfAveraging() {
        InstanceEvaluator evaluator = new InstanceEvaluator();
        // case 1: perfect (2 TP); case 2: split object (1 TP at IoU 0.5, 1 FP)
        Map<String, Map<String, Number>> a = evaluator.evaluate(Volumes.instances(Volumes.of("1122"),
                Volumes.of("1122")));
        Map<String, Map<String, Number>> b = evaluator.evaluate(Volumes.instances(Volumes.of("1111"),
                Volumes.of("2233")));
        Map<String, Number> pooled = evaluator.pool(List.of(a, b, Map.of())).get(Evaluator.INSTANCES);
        assertEquals(3L, pooled.get("TP@0.5"));
        assertEquals(1L, pooled.get("FP@0.5"));
        assertEquals(0.75, d(pooled, "AP@0.5"), 1e-15);
        assertEquals(2L, pooled.get("TP@0.55"));
        // AP@0.55 = 2 / (2 + 2 + 1)
        assertEquals(0.4, d(pooled, "AP@0.55"), 1e-15);
        // PQ = (1 + 1 + 0.5) / (3 + 1/2)
        assertEquals(2.5 / 3.5, d(pooled, "PQ"), 1e-15);
        // F1 from 3 ref, 4 pred: 2*3/7 at 0.5, 2*2/7 at the eight thresholds 0.55 .. 0.9
        assertEquals((6.0 / 7 + 8 * 4.0 / 7) / 9, d(pooled, InstanceEvaluator.CAICEDO_F1), 1e-15);
        assertTrue(evaluator.pool(List.of(Map.of())).isEmpty());
    }
}
