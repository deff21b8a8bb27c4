package io.jnnunet.evaluation.internal;

import io.jnnunet.api.CaseEvaluation;
import io.jnnunet.api.Evaluator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * nnU-Net's {@code compute_metrics}: per label or region (union of labels) the voxel counts TP, FP, FN, TN over the
 * voxels whose reference is not the ignore label, {@code n_pred}, {@code n_ref}, Dice and IoU, both NaN when the label
 * is absent from reference and prediction.
 */
@Component(service = Evaluator.class, property = Evaluator.NAME + "=dice")
public class DiceEvaluator implements Evaluator {

    @Override
    public String name() {
        return "dice";
    }

    @Override
    public String description() {
        return "nnU-Net's metrics per label/region: Dice, IoU, TP, FP, FN, TN, n_pred, n_ref";
    }

    @Override
    public Map<String, Map<String, Number>> evaluate(CaseEvaluation evaluation) {
        float[] ref = evaluation.reference().channel(0);
        float[] pred = evaluation.prediction().channel(0);
        Integer ignore = evaluation.ignoreLabel();
        Map<String, Map<String, Number>> result = new LinkedHashMap<>();
        evaluation.labelsOrRegions().forEach((key, labels) -> {
            long tp = 0;
            long fp = 0;
            long fn = 0;
            long tn = 0;
            for (int i = 0; i < ref.length; i++) {
                if (ignore != null && ref[i] == ignore) {
                    continue;
                }
                boolean r = contains(labels, ref[i]);
                boolean p = contains(labels, pred[i]);
                if (r && p) {
                    tp++;
                } else if (p) {
                    fp++;
                } else if (r) {
                    fn++;
                } else {
                    tn++;
                }
            }
            Map<String, Number> metrics = new LinkedHashMap<>();
            boolean absent = tp + fp + fn == 0;
            metrics.put("Dice", absent ? Double.NaN : 2.0 * tp / (2 * tp + fp + fn));
            metrics.put("IoU", absent ? Double.NaN : (double) tp / (tp + fp + fn));
            metrics.put("FP", fp);
            metrics.put("TP", tp);
            metrics.put("FN", fn);
            metrics.put("TN", tn);
            metrics.put("n_pred", fp + tp);
            metrics.put("n_ref", fn + tp);
            result.put(key, metrics);
        });
        return result;
    }

    private static boolean contains(int[] labels, float value) {
        for (int label : labels) {
            if (value == label) {
                return true;
            }
        }
        return false;
    }
}
