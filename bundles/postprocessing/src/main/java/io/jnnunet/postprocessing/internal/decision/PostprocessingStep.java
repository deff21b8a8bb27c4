package io.jnnunet.postprocessing.internal.decision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One accepted operation: nnU-Net's function name and its {@code labels_or_regions} as written to the JSON, a label
 * ({@code 1}), a region or a list of labels ({@code [1, 2]}). Whatever its form, its labels form one mask, as
 * {@code remove_all_but_largest_component_from_segmentation} unions them.
 */
record PostprocessingStep(String function, Object labelsOrRegions) {

    /** Every label value named, flattened. */
    int[] labels() {
        List<Integer> values = new ArrayList<>();
        flatten(labelsOrRegions, values);
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void flatten(Object value, List<Integer> into) {
        if (value instanceof List<?> list && !list.isEmpty()) {
            list.forEach(v -> flatten(v, into));
        } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            into.add(n.intValue());
        } else {
            throw new IllegalArgumentException(PostprocessingDecision.LABELS_OR_REGIONS
                    + " must be a label, or a list of labels or regions, not " + value);
        }
    }

    /**
     * A label or region from its key in {@code summary.json}: {@code "1"}, or as Python prints a tuple,
     * {@code "(1, 2)"} and {@code "(3,)"}.
     */
    static Object labelOrRegion(String key) {
        String k = key.trim();
        try {
            if (k.startsWith("(") && k.endsWith(")")) {
                return Arrays.stream(k.substring(1, k.length() - 1).split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
            }
            return Integer.valueOf(k);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is not a label or region key of summary.json", e);
        }
    }
}
