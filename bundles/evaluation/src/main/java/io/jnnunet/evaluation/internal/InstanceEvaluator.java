package io.jnnunet.evaluation.internal;

import io.jnnunet.api.CaseEvaluation;
import io.jnnunet.api.Evaluator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.osgi.service.component.annotations.Component;

/**
 * Object-level metrics of instance label images (0 background, every other id one object), as StarDist's
 * {@code matching} and Cellpose's {@code average_precision} define them: predicted and reference objects are matched
 * one-to-one, a pair counting at threshold t when its IoU is {@code >= t}; per threshold TP, FP, FN, precision,
 * recall, F1 and AP = TP / (TP + FP + FN); mAP is the mean AP over the thresholds, PQ = (sum of matched IoU) /
 * (TP + FP/2 + FN/2) and SQ the mean matched IoU, both at 0.5; {@value #CAICEDO_F1} is the mean F1 over the
 * thresholds 0.50 to 0.90, the measure of Caicedo et al. 2019 (BBBC039). A ratio whose denominator is 0 is NaN
 * (StarDist writes 0), so an image without objects in reference and prediction is skipped by the mean over cases, as
 * nnU-Net's Dice is.
 *
 * <p>Thresholds are 0.5 and above, where the matching is unique: an object overlaps at most one other object with
 * IoU > 0.5, and ties at exactly 0.5 only form pairs of one object with two halves, so taking pairs by IoU, highest
 * first, is the optimal matching that StarDist finds with the Hungarian algorithm, at every threshold at once.
 */
@Component(service = Evaluator.class, property = Evaluator.NAME + "=" + Evaluator.INSTANCES)
public class InstanceEvaluator implements Evaluator {

    /** The IoU thresholds 0.50, 0.55, ..., 0.95 as they appear in metric names. */
    static final List<String> THRESHOLDS = IntStream.rangeClosed(10, 19)
            .mapToObj(i -> BigDecimal.valueOf(5L * i, 2).stripTrailingZeros().toPlainString()).toList();
    private static final double[] THRESHOLD_VALUES = THRESHOLDS.stream().mapToDouble(Double::parseDouble).toArray();

    /** Caicedo et al. 2019's "F1 averaged over IoU thresholds 0.50 to 0.90 (steps of 0.05)", 9 thresholds. */
    static final String CAICEDO_F1 = "F1@0.5:0.9";
    private static final int CAICEDO_THRESHOLDS = THRESHOLDS.indexOf("0.9") + 1;

    @Override
    public String name() {
        return INSTANCES;
    }

    @Override
    public String description() {
        return "instance matching at IoU 0.5..0.95: AP, F1, precision, recall, TP/FP/FN; mAP, PQ, SQ, F1@0.5:0.9";
    }

    @Override
    public Map<String, Map<String, Number>> evaluate(CaseEvaluation evaluation) {
        if (!evaluation.hasInstances()) {
            return Map.of();
        }
        return Map.of(INSTANCES, metrics(match(evaluation.referenceInstances().channel(0),
                evaluation.predictedInstances().channel(0))));
    }

    @Override
    public Map<String, Map<String, Number>> pool(List<Map<String, Map<String, Number>>> cases) {
        long nRef = 0;
        long nPred = 0;
        long[] tp = new long[THRESHOLDS.size()];
        double iouSum = 0;
        boolean any = false;
        for (Map<String, Map<String, Number>> c : cases) {
            Map<String, Number> m = c.get(INSTANCES);
            if (m == null) {
                continue;
            }
            any = true;
            nRef += m.get("n_ref").longValue();
            nPred += m.get("n_pred").longValue();
            for (int t = 0; t < tp.length; t++) {
                tp[t] += m.get("TP@" + THRESHOLDS.get(t)).longValue();
            }
            if (m.get("TP@0.5").longValue() > 0) {
                iouSum += m.get("SQ").doubleValue() * m.get("TP@0.5").longValue();
            }
        }
        return any ? Map.of(INSTANCES, metrics(new Counts(nRef, nPred, tp, iouSum))) : Map.of();
    }

    /** What the metrics are computed from: object counts, matches per threshold and the IoU sum of matches at 0.5. */
    record Counts(long nRef, long nPred, long[] tp, double iouSum) {
    }

    private record Pair(int ref, int pred, double iou) {
    }

    static Counts match(float[] reference, float[] prediction) {
        if (reference.length != prediction.length) {
            throw new IllegalArgumentException("instance volumes differ in size: " + reference.length + " and "
                    + prediction.length + " voxels");
        }
        Compact refIds = new Compact();
        Compact predIds = new Compact();
        Map<Long, long[]> overlaps = new HashMap<>();
        for (int i = 0; i < reference.length; i++) {
            int r = refIds.index(reference[i]);
            int p = predIds.index(prediction[i]);
            if (r >= 0 && p >= 0) {
                overlaps.computeIfAbsent(((long) r << 32) | p, k -> new long[1])[0]++;
            }
        }
        List<Pair> candidates = new ArrayList<>();
                overlaps.forEach((key, count) -> {
            int r = (int) (key >>> 32);
            int p = (int) (long) key;
            long inter = count[0];
            double iou = (double) inter / (refIds.sizes[r] + predIds.sizes[p] - inter);
            if (iou >= THRESHOLD_VALUES[0]) {
                candidates.add(new Pair(r, p, iou));
            }
        });
        candidates.sort(Comparator.comparingDouble(Pair::iou).reversed().thenComparingInt(Pair::ref)
                .thenComparingInt(Pair::pred));
        boolean[] refTaken = new boolean[refIds.count];
        boolean[] predTaken = new boolean[predIds.count];
        long[] tp = new long[THRESHOLDS.size()];
        double iouSum = 0;
        for (Pair pair : candidates) {
            if (refTaken[pair.ref()] || predTaken[pair.pred()]) {
                continue;
            }
            refTaken[pair.ref()] = true;
            predTaken[pair.pred()] = true;
            iouSum += pair.iou();
            for (int t = 0; t < tp.length; t++) {
                if (pair.iou() >= THRESHOLD_VALUES[t]) {
                    tp[t]++;
                }
            }
        }
        return new Counts(refIds.count, predIds.count, tp, iouSum);
    }

    static Map<String, Number> metrics(Counts c) {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("n_ref", c.nRef());
        m.put("n_pred", c.nPred());
        double apSum = 0;
        double f1Sum = 0;
        for (int t = 0; t < THRESHOLDS.size(); t++) {
            String at = "@" + THRESHOLDS.get(t);
            long tp = c.tp()[t];
            long fp = c.nPred() - tp;
            long fn = c.nRef() - tp;
            double ap = ratio(tp, tp + fp + fn);
            apSum += ap;
            m.put("TP" + at, tp);
            m.put("FP" + at, fp);
            m.put("FN" + at, fn);
            m.put("precision" + at, ratio(tp, tp + fp));
            m.put("recall" + at, ratio(tp, tp + fn));
            double f1 = ratio(2.0 * tp, 2.0 * tp + fp + fn);
            if (t < CAICEDO_THRESHOLDS) {
                f1Sum += f1;
            }
            m.put("F1" + at, f1);
            m.put("AP" + at, ap);
        }
        m.put("mAP", apSum / THRESHOLDS.size());
        // 2TP + FP + FN = n_pred + n_ref at every threshold, so the F1s are all defined or all NaN
        m.put(CAICEDO_F1, f1Sum / CAICEDO_THRESHOLDS);
        long tp = c.tp()[0];
        m.put("PQ", ratio(c.iouSum(), tp + (c.nPred() - tp) / 2.0 + (c.nRef() - tp) / 2.0));
        m.put("SQ", ratio(c.iouSum(), tp));
        return m;
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    /** Object ids (any value but 0) numbered 0, 1, ... in order of appearance, with their voxel counts. */
    private static final class Compact {
        final Map<Float, Integer> index = new HashMap<>();
        long[] sizes = new long[16];
        int count;
        float lastId;
        int lastIndex = -1;

        int index(float id) {
            if (id == 0) {
                return -1;
            }
            if (id != lastId || lastIndex < 0) {
                lastId = id;
                lastIndex = index.computeIfAbsent(id, k -> {
                    if (count == sizes.length) {
                        sizes = Arrays.copyOf(sizes, 2 * count);
                    }
                    return count++;
                });
            }
            sizes[lastIndex]++;
            return lastIndex;
        }
    }
}
