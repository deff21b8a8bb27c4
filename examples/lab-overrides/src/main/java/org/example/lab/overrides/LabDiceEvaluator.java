package org.example.lab.overrides;

import io.jnnunet.api.CaseEvaluation;
import io.jnnunet.api.Evaluator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The lab's {@code dice}, ranked above the built-in: per label or region Dice and IoU as nnU-Net defines them (NaN
 * where the label is in neither image), so find-best-configuration and the postprocessing decision keep working,
 * and the volume similarity {@code 1 - |FP - FN| / (2 TP + FP + FN)}, which says whether a model over- or
 * under-segments regardless of where. It leaves out nnU-Net's voxel counts (TP, FP, FN, TN, n_pred, n_ref).
 */
@Component(service = Evaluator.class, property = {Evaluator.NAME + "=dice", "service.ranking:Integer=100"})
public class LabDiceEvaluator implements Evaluator {

    static final String VOLUME_SIMILARITY = "VolumeSimilarity";

    @Override
    public String name() {
        return "dice";
    }

    @Override
    public String description() {
        return "Dice, IoU and volume similarity per label/region (a lab's own dice, example plugin)";
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
            for (int i = 0; i < ref.length; i++) {
                if (ignore == null || ref[i] != ignore) {
                    boolean r = isOneOf(ref[i], labels);
                    boolean p = isOneOf(pred[i], labels);
                    tp += r && p ? 1 : 0;
                    fp += p && !r ? 1 : 0;
                    fn += r && !p ? 1 : 0;
                }
            }
            double union = 2.0 * tp + fp + fn;
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("Dice", union == 0 ? Double.NaN : 2.0 * tp / union);
            metrics.put("IoU", union == 0 ? Double.NaN : tp / (double) (tp + fp + fn));
            metrics.put(VOLUME_SIMILARITY, union == 0 ? Double.NaN : 1 - Math.abs(fp - fn) / union);
            result.put(key, metrics);
        });
        return result;
    }

    private static boolean isOneOf(float value, int[] labels) {
        for (int label : labels) {
            if (value == label) {
                return true;
            }
        }
        return false;
    }
}
