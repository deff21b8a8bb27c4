package io.jnnunet.preprocessing.internal;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.formats.NumpyRandomState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * nnU-Net's {@code DefaultPreprocessor._sample_foreground_locations} (reference section 4.5): for every foreground
 * label, or region, up to {@value #NUM_SAMPLES} (at least 1 %) of its voxels drawn without replacement by one
 * {@code RandomState(1234)} shared by the classes in order. A class's candidates are the voxels of each of its labels in
 * C order, label after label in the order the class lists them (nnU-Net groups the voxels by a stable sort on the
 * label), so a single label's candidates are {@code np.argwhere(seg == label)}.
 */
final class ForegroundLocations {

    static final int NUM_SAMPLES = 10000;
    static final double MIN_PERCENT_COVERAGE = 0.01;
    static final long SEED = 1234;

    /**
     * A class to sample: its key in {@code class_locations} (nnU-Net's dict key as text: {@code 1} for a label,
     * {@code (1, 2)} for a region) and its labels.
     */
    record SamplingClass(String key, int[] labels) {
    }

    private ForegroundLocations() {
    }

    /**
     * What nnU-Net's {@code LabelManager} collects for a dataset: the foreground labels (ascending), or with regions the
     * foreground regions in {@code dataset.json} order, and with an ignore label also the key
     * {@code (-1, 0, 1, ..., N)} of all annotated voxels.
     */
    static List<SamplingClass> classesToSample(DatasetSpec dataset) {
        Map<String, Object> labels = dataset.labels();
        if (labels == null) {
            throw new IllegalArgumentException("dataset.json has no labels");
        }
        boolean hasRegions = labels.values().stream().anyMatch(v -> v instanceof List<?> l && l.size() > 1);
        TreeSet<Integer> allLabels = new TreeSet<>();
        labels.forEach((name, value) -> {
            if (!name.equals(DatasetSpec.IGNORE)) {
                allLabels.addAll(values(value));
            }
        });
        List<SamplingClass> classes = new ArrayList<>();
        if (hasRegions) {
            labels.forEach((name, value) -> {
                List<Integer> region = values(value);
                if (name.equals(DatasetSpec.IGNORE) || region.stream().allMatch(l -> l == 0)) {
                    return;
                }
                classes.add(value instanceof List<?> ? new SamplingClass(tupleKey(region), toArray(region))
                        : new SamplingClass(String.valueOf(region.get(0)), toArray(region)));
            });
        } else {
            allLabels.stream().filter(l -> l != 0)
                    .forEach(l -> classes.add(new SamplingClass(String.valueOf(l), new int[] {l})));
        }
        if (labels.get(DatasetSpec.IGNORE) != null) {
            List<Integer> annotated = new ArrayList<>();
            annotated.add(-1);
            annotated.addAll(allLabels);
            classes.add(new SamplingClass(tupleKey(annotated), toArray(annotated)));
        }
        return classes;
    }

    /**
     * Samples the locations in a {@code (x, y, z)} segmentation.
     *
     * @return per class key, {@code (k, 4)} coordinates {@code (0, x, y, z)}; an empty array for absent classes
     */
    static Map<String, int[][]> sample(short[] seg, int[] shape, List<SamplingClass> classes) {
        int offset = -Short.MIN_VALUE;
        boolean[] requested = new boolean[1 << 16];
        for (SamplingClass c : classes) {
            for (int label : c.labels()) {
                if (label >= Short.MIN_VALUE && label <= Short.MAX_VALUE) {
                    requested[label + offset] = true;
                }
            }
        }
        int[] counts = new int[1 << 16];
        for (short v : seg) {
            if (requested[v + offset]) {
                counts[v + offset]++;
            }
        }
        int[][] voxels = new int[1 << 16][];
        int[] filled = new int[1 << 16];
        for (int i = 0; i < seg.length; i++) {
            int slot = seg[i] + offset;
            if (requested[slot]) {
                if (voxels[slot] == null) {
                    voxels[slot] = new int[counts[slot]];
                }
                voxels[slot][filled[slot]++] = i;
            }
        }

        NumpyRandomState random = new NumpyRandomState(SEED);
        Map<String, int[][]> locations = new LinkedHashMap<>();
        for (SamplingClass c : classes) {
            List<int[]> blocks = new ArrayList<>();
            int total = 0;
            for (int label : c.labels()) {
                int slot = label + offset;
                if (slot >= 0 && slot < counts.length && counts[slot] > 0) {
                    blocks.add(voxels[slot]);
                    total += counts[slot];
                }
            }
            if (total == 0) {
                locations.put(c.key(), new int[0][]);
                continue;
            }
            int k = Math.max(Math.min(NUM_SAMPLES, total), (int) Math.ceil(total * MIN_PERCENT_COVERAGE));
            int[] picks = random.choiceWithoutReplacement(total, k);
            int[][] coordinates = new int[k][];
            for (int p = 0; p < k; p++) {
                coordinates[p] = coordinates(pick(blocks, picks[p]), shape);
            }
            locations.put(c.key(), coordinates);
        }
        return locations;
    }

    /** The voxel at an offset into the blocks laid end to end. */
    private static int pick(List<int[]> blocks, int offset) {
        for (int[] block : blocks) {
            if (offset < block.length) {
                return block[offset];
            }
            offset -= block.length;
        }
        throw new IllegalStateException("offset beyond the candidates");
    }

    private static int[] coordinates(int flat, int[] shape) {
        int plane = shape[1] * shape[2];
        return new int[] {0, flat / plane, flat / shape[2] % shape[1], flat % shape[2]};
    }

    private static List<Integer> values(Object value) {
        if (value instanceof Number n) {
            return List.of(n.intValue());
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> ((Number) v).intValue()).toList();
        }
        throw new IllegalArgumentException("label value must be an integer or a list of integers, got " + value);
    }

    /** Python's {@code repr} of a tuple of ints: {@code (1, 2)}, {@code (1,)}. */
    static String tupleKey(List<Integer> labels) {
        return labels.stream().map(String::valueOf)
                .collect(Collectors.joining(", ", "(", labels.size() == 1 ? ",)" : ")"));
    }

    private static int[] toArray(List<Integer> labels) {
        return labels.stream().mapToInt(Integer::intValue).toArray();
    }
}
