package io.jnnunet.preprocessing.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.jnnunet.api.DatasetSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Expected locations from numpy 2.4 running nnU-Net's {@code _sample_foreground_locations} (v2.8: candidates grouped by
 * a stable sort on the label, one {@code RandomState(1234)} for all classes).
 */
public class ForegroundLocationsTest {

    private static final int[] SHAPE = {2, 3, 4};

    /** {@code ((j * 3 + 1) % 5) - 1}: labels -1..3. */
    private static short[] seg() {
        short[] seg = new short[24];
        for (int j = 0; j < seg.length; j++) {
            seg[j] = (short) ((j * 3 + 1) % 5 - 1);
        }
        return seg;
    }

    private static List<ForegroundLocations.SamplingClass> labels(int... labels) {
        return Arrays.stream(labels)
                .mapToObj(l -> new ForegroundLocations.SamplingClass(String.valueOf(l), new int[] {l}))
                .toList();
    }

    @Test
    public void samplesEachLabelWithOneSharedRandomStateAsNumpyDoes() {
        Map<String, int[][]> locations = ForegroundLocations.sample(seg(), SHAPE, labels(1, 2, 3));
        assertEquals(List.of("1", "2", "3"), List.copyOf(locations.keySet()));
        assertArrayEquals(new int[][] {{0, 1, 2, 2}, {0, 0, 0, 2}, {0, 0, 1, 3}, {0, 1, 0, 0}, {0, 1, 1, 1}},
                locations.get("1"));
        assertArrayEquals(new int[][] {{0, 1, 0, 2}, {0, 0, 2, 1}, {0, 1, 1, 3}, {0, 0, 1, 0}}, locations.get("2"));
        assertArrayEquals(new int[][] {{0, 0, 2, 3}, {0, 0, 0, 1}, {0, 1, 2, 1}, {0, 1, 1, 0}, {0, 0, 1, 2}},
                locations.get("3"));
    }

    @Test
    public void anAbsentLabelGetsNoLocationsAndDrawsNothing() {
        Map<String, int[][]> locations = ForegroundLocations.sample(seg(), SHAPE, labels(5, 1));
        assertEquals(0, locations.get("5").length);
        assertArrayEquals(new int[][] {{0, 1, 2, 2}, {0, 0, 0, 2}, {0, 0, 1, 3}, {0, 1, 0, 0}, {0, 1, 1, 1}},
                locations.get("1"));
    }

    @Test
    public void aRegionDrawsFromItsLabelsVoxelsLabelByLabelInTheRegionsOrder() {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("background", 0);
        labels.put("inner", List.of(2, 1));
        labels.put("core", 3);
        List<ForegroundLocations.SamplingClass> classes = ForegroundLocations.classesToSample(spec(labels));
        assertEquals(List.of("(2, 1)", "3"), classes.stream().map(ForegroundLocations.SamplingClass::key).toList());

        Map<String, int[][]> locations = ForegroundLocations.sample(seg(), SHAPE, classes);
        assertArrayEquals(new int[][] {{0, 1, 2, 2}, {0, 1, 0, 2}, {0, 0, 2, 1}, {0, 0, 1, 0}, {0, 1, 1, 1},
            {0, 0, 0, 2}, {0, 0, 1, 3}, {0, 1, 0, 0}, {0, 1, 1, 3}}, locations.get("(2, 1)"));
        assertArrayEquals(new int[][] {{0, 0, 2, 3}, {0, 0, 0, 1}, {0, 1, 2, 1}, {0, 1, 1, 0}, {0, 0, 1, 2}},
                locations.get("3"));
    }

    @Test
    public void anIgnoreLabelAddsTheKeyOfAllAnnotatedVoxels() {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("background", 0);
        labels.put("a", 1);
        labels.put("b", 2);
        labels.put("ignore", 3);
        List<ForegroundLocations.SamplingClass> classes = ForegroundLocations.classesToSample(spec(labels));
        assertEquals(List.of("1", "2", "(-1, 0, 1, 2)"),
                classes.stream().map(ForegroundLocations.SamplingClass::key).toList());

        int[][] annotated = ForegroundLocations.sample(seg(), SHAPE, classes).get("(-1, 0, 1, 2)");
        assertEquals(19, annotated.length);
        assertArrayEquals(new int[][] {{0, 0, 2, 2}, {0, 1, 1, 1}, {0, 1, 0, 1}}, Arrays.copyOf(annotated, 3));
        assertArrayEquals(new int[] {0, 0, 1, 0}, annotated[18]);
    }

    @Test
    public void plainLabelsAreTheForegroundLabelsAscending() {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("background", 0);
        labels.put("tumour", 2);
        labels.put("organ", 1);
        assertEquals(List.of("1", "2"), ForegroundLocations.classesToSample(spec(labels)).stream()
                .map(ForegroundLocations.SamplingClass::key).toList());
    }

    @Test
    public void largeClassesKeepAtLeastOnePercentOfTheirVoxels() {
        int[] shape = {1, 1000, 1100};
        short[] seg = new short[1000 * 1100];
        Arrays.fill(seg, 10 * 1100, seg.length, (short) 1);
        int[][] locations = ForegroundLocations.sample(seg, shape, labels(1)).get("1");
        // 1,089,000 voxels: ceil(1 %) = 10,890 > 10,000
        assertEquals(10890, locations.length);
        assertArrayEquals(new int[][] {{0, 0, 579, 327}, {0, 0, 321, 442}, {0, 0, 677, 1054}},
                Arrays.copyOf(locations, 3));
        assertArrayEquals(new int[] {0, 0, 679, 392}, locations[10889]);
    }

    private static DatasetSpec spec(Map<String, Object> labels) {
        return DatasetSpec.of(Map.of("0", "CT"), labels, 1, ".png");
    }
}
