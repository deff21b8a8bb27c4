package org.example.lab.boundary;

import io.jnnunet.api.CaseEvaluation;
import io.jnnunet.api.Evaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The boundary F1 score per label or region: contour pixels (mask pixels with a face neighbour outside the mask) of
 * the prediction count as matched when a reference contour pixel lies within {@value #TOLERANCE} pixels (Euclidean,
 * in voxel units), and the other way round; BoundaryF1 = 2PR / (P + R). NaN when neither has a contour, 0 when only
 * one has. It rewards outlines that are right to within a pixel or two, which Dice hardly sees on large cells.
 */
@Component(service = Evaluator.class, property = Evaluator.NAME + "=boundary")
public class BoundaryF1Evaluator implements Evaluator {

    static final int TOLERANCE = 2;

    @Override
    public String name() {
        return "boundary";
    }

    @Override
    public String description() {
        return "boundary F1 per label: contour pixels matched within " + TOLERANCE + " px (lab example plugin)";
    }

    @Override
    public Map<String, Map<String, Number>> evaluate(CaseEvaluation evaluation) {
        int[] shape = evaluation.reference().shape();
        Map<String, Map<String, Number>> result = new LinkedHashMap<>();
        evaluation.labelsOrRegions().forEach((key, labels) -> {
            boolean[] ref = contour(mask(evaluation.reference().channel(0), labels), shape);
            boolean[] pred = contour(mask(evaluation.prediction().channel(0), labels), shape);
            long refCount = count(ref);
            long predCount = count(pred);
            double precision = predCount == 0 ? Double.NaN : (double) matched(pred, ref, shape) / predCount;
            double recall = refCount == 0 ? Double.NaN : (double) matched(ref, pred, shape) / refCount;
            double f1;
            if (refCount == 0 && predCount == 0) {
                f1 = Double.NaN;
            } else if (refCount == 0 || predCount == 0) {
                f1 = 0;
            } else {
                f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            }
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("BoundaryF1", f1);
            metrics.put("BoundaryPrecision", precision);
            metrics.put("BoundaryRecall", recall);
            result.put(key, metrics);
        });
        return result;
    }

    private static boolean[] mask(float[] values, int[] labels) {
        boolean[] mask = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            for (int label : labels) {
                if (values[i] == label) {
                    mask[i] = true;
                    break;
                }
            }
        }
        return mask;
    }

    /** Mask pixels with a face neighbour inside the image that is outside the mask. */
    static boolean[] contour(boolean[] mask, int[] shape) {
        boolean[] contour = new boolean[mask.length];
        int[] strides = {shape[1] * shape[2], shape[2], 1};
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) {
                continue;
            }
            int rest = i;
            for (int axis = 0; axis < 3 && !contour[i]; axis++) {
                int c = rest / strides[axis];
                rest %= strides[axis];
                contour[i] = c > 0 && !mask[i - strides[axis]] || c < shape[axis] - 1 && !mask[i + strides[axis]];
            }
        }
        return contour;
    }

    /** Pixels of {@code from} with a pixel of {@code to} within the tolerance. */
    private static long matched(boolean[] from, boolean[] to, int[] shape) {
        List<int[]> offsets = new ArrayList<>();
        for (int dz = -TOLERANCE; dz <= TOLERANCE; dz++) {
            for (int dy = -TOLERANCE; dy <= TOLERANCE; dy++) {
                for (int dx = -TOLERANCE; dx <= TOLERANCE; dx++) {
                    if (dz * dz + dy * dy + dx * dx <= TOLERANCE * TOLERANCE) {
                        offsets.add(new int[] {dz, dy, dx});
                    }
                }
            }
        }
        long matched = 0;
        for (int z = 0; z < shape[0]; z++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int x = 0; x < shape[2]; x++) {
                    if (from[(z * shape[1] + y) * shape[2] + x] && near(to, shape, offsets, z, y, x)) {
                        matched++;
                    }
                }
            }
        }
        return matched;
    }

    private static boolean near(boolean[] to, int[] shape, List<int[]> offsets, int z, int y, int x) {
        for (int[] o : offsets) {
            int zz = z + o[0];
            int yy = y + o[1];
            int xx = x + o[2];
            if (zz >= 0 && zz < shape[0] && yy >= 0 && yy < shape[1] && xx >= 0 && xx < shape[2]
                    && to[(zz * shape[1] + yy) * shape[2] + xx]) {
                return true;
            }
        }
        return false;
    }

    private static long count(boolean[] mask) {
        long n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
