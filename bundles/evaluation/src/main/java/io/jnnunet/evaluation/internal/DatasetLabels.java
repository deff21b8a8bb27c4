package io.jnnunet.evaluation.internal;

import io.jnnunet.api.DatasetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What nnU-Net's LabelManager evaluates for a dataset.json: the foreground labels (sorted, keys {@code "1"}), or for a
 * region-based dataset the foreground regions in dataset.json order (keys {@code "(1, 2)"}, as Python prints the
 * tuple), and the ignore label.
 */
record DatasetLabels(Map<String, int[]> labelsOrRegions, Integer ignoreLabel) {

    static DatasetLabels of(DatasetSpec dataset) {
        Map<String, Object> labels = dataset.labels();
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("dataset.json has no labels");
        }
        Integer ignore = null;
        boolean regions = false;
        for (Map.Entry<String, Object> e : labels.entrySet()) {
            if (DatasetSpec.IGNORE.equals(e.getKey())) {
                ignore = values(e.getKey(), e.getValue()).get(0);
            } else if (e.getValue() instanceof List<?> list && list.size() > 1) {
                regions = true;
            }
        }
        Map<String, int[]> result = new LinkedHashMap<>();
        if (regions) {
            for (Map.Entry<String, Object> e : labels.entrySet()) {
                List<Integer> values = values(e.getKey(), e.getValue());
                if (DatasetSpec.IGNORE.equals(e.getKey()) || values.stream().allMatch(v -> v == 0)) {
                    continue;
                }
                String key = e.getValue() instanceof List<?>
                        ? values.stream().map(String::valueOf).collect(Collectors.joining(", ", "(",
                                values.size() == 1 ? ",)" : ")"))
                        : String.valueOf(values.get(0));
                result.put(key, values.stream().mapToInt(Integer::intValue).toArray());
            }
        } else {
            TreeSet<Integer> all = new TreeSet<>();
            labels.forEach((name, value) -> {
                if (!DatasetSpec.IGNORE.equals(name)) {
                    all.addAll(values(name, value));
                }
            });
            all.stream().filter(v -> v != 0).forEach(v -> result.put(String.valueOf(v), new int[] {v}));
        }
        return new DatasetLabels(result, ignore);
    }

    private static List<Integer> values(String name, Object value) {
        List<Integer> out = new ArrayList<>();
        for (Object v : value instanceof List<?> list ? list : List.of(value)) {
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException("dataset.json label \"" + name + "\" must be an integer or a list"
                        + " of integers, not " + value);
            }
            out.add(n.intValue());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("dataset.json label \"" + name + "\" is an empty list");
        }
        return out;
    }
}
