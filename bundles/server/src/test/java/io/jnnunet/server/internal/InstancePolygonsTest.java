package io.jnnunet.server.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.SampleType;
import io.jnnunet.server.internal.InstancePolygons.Instance;
import io.jnnunet.server.internal.InstancePolygons.Polygon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.Test;

public class InstancePolygonsTest {

    // --- synthetic shapes, exact outlines --------------------------------------------------------------------------

    @Test
    public void squareWithAHoleIsOnePolygonWithAnInteriorRing() {
        List<Instance> instances = trace(
                "11111",
                "11111",
                "11.11",
                "11111",
                "11111");

        assertEquals(1, instances.size());
        Instance square = instances.get(0);
        assertEquals(24, square.area());
        assertEquals(1, square.polygons().size());
        Polygon polygon = square.polygons().get(0);
        assertArrayEquals(new int[] {0, 0, 5, 0, 5, 5, 0, 5, 0, 0}, polygon.shell());
        assertEquals(1, polygon.holes().size());
        assertArrayEquals(new int[] {2, 3, 3, 3, 3, 2, 2, 2, 2, 3}, polygon.holes().get(0));
        assertEquals(25.0, Outlines.signedArea(polygon.shell()), 0);
        assertEquals(-1.0, Outlines.signedArea(polygon.holes().get(0)), 0);
        assertEquals(2.5, square.centroidX(), 1e-12);
        assertEquals(2.5, square.centroidY(), 1e-12);
    }

    @Test
    public void anInstanceInTwoPartsIsTwoPolygonsAndTouchingInstancesShareTheirEdge() {
        List<Instance> instances = trace(
                "22..2",
                "22112",
                "..11.");

        assertEquals(List.of(1, 2), instances.stream().map(Instance::label).toList());
        Instance one = instances.get(0);
        assertEquals(1, one.polygons().size());
        assertArrayEquals(new int[] {2, 1, 4, 1, 4, 3, 2, 3, 2, 1}, one.polygons().get(0).shell());
        Instance two = instances.get(1);
        assertEquals(6, two.area());
        assertEquals(2, two.polygons().size());
        assertArrayEquals(new int[] {0, 0, 2, 0, 2, 2, 0, 2, 0, 0}, two.polygons().get(0).shell());
        assertArrayEquals(new int[] {4, 0, 5, 0, 5, 2, 4, 2, 4, 0}, two.polygons().get(1).shell());
        assertTrue(two.polygons().stream().allMatch(p -> p.holes().isEmpty()));
    }

    @Test
    public void pixelsTouchingOnlyAtACornerAreSeparatePartsTouchingAtThatCorner() {
        Instance diagonal = trace(
                "1.",
                ".1").get(0);

        assertEquals(2, diagonal.polygons().size());
        assertArrayEquals(new int[] {0, 0, 1, 0, 1, 1, 0, 1, 0, 0}, diagonal.polygons().get(0).shell());
        assertArrayEquals(new int[] {1, 1, 2, 1, 2, 2, 1, 2, 1, 1}, diagonal.polygons().get(1).shell());
    }

    @Test
    public void aGapOpenOnlyThroughACornerIsAHoleTouchingTheShellNotAPinchedShell() {
        Instance notched = trace(
                "111",
                "1.1",
                "11.").get(0);

        assertEquals(1, notched.polygons().size());
        Polygon polygon = notched.polygons().get(0);
        assertArrayEquals(new int[] {0, 0, 3, 0, 3, 2, 2, 2, 2, 3, 0, 3, 0, 0}, polygon.shell());
        assertEquals(1, polygon.holes().size());
        assertArrayEquals(new int[] {1, 2, 2, 2, 2, 1, 1, 1, 1, 2}, polygon.holes().get(0));
        assertEquals(7, notched.area());
    }

    @Test
    public void anIslandOfTheSameLabelInAHoleIsASecondPolygon() {
        Instance ring = trace(
                "11111",
                "1...1",
                "1.1.1",
                "1...1",
                "11111").get(0);

        assertEquals(17, ring.area());
        assertEquals(2, ring.polygons().size());
        Polygon outer = ring.polygons().get(0);
        assertArrayEquals(new int[] {0, 0, 5, 0, 5, 5, 0, 5, 0, 0}, outer.shell());
        assertArrayEquals(new int[] {1, 4, 4, 4, 4, 1, 1, 1, 1, 4}, outer.holes().get(0));
        Polygon island = ring.polygons().get(1);
        assertArrayEquals(new int[] {2, 2, 3, 2, 3, 3, 2, 3, 2, 2}, island.shell());
        assertTrue(island.holes().isEmpty());
    }

    @Test
    public void measurementsAreOfTheFirstChannelOverTheInstancesPixels() {
        int[] labels = {0, 3, 3, 0, 3, 0};
        float[] intensities = {100, 1, 2, 100, 6, 100};

        Instance three = InstancePolygons.trace(labels, 3, 2, intensities).get(0);

        assertEquals(3, three.label());
        assertEquals(3, three.area());
        assertEquals(3.0, three.meanIntensity(), 1e-12);
        assertEquals((1.5 + 2.5 + 1.5) / 3, three.centroidX(), 1e-12);
        assertEquals((0.5 + 0.5 + 1.5) / 3, three.centroidY(), 1e-12);
    }

    @Test
    public void anEmptyMaskHasNoInstances() {
        assertEquals(List.of(), trace("....", "...."));
    }

    @Test
    public void refusesVolumesThatAreNotA2dLabelMap() {
        double[] spacing = {999, 1, 1};
        ImageVolume image = ImageVolume.of(new int[] {1, 2, 2}, spacing, SampleType.UINT16, new float[4]);
        ImageVolume fractional = ImageVolume.of(new int[] {1, 2, 2}, spacing, SampleType.FLOAT32,
                new float[] {0, 1.5f, 0, 0});
        ImageVolume volume3d = ImageVolume.of(new int[] {2, 2, 2}, spacing, SampleType.UINT16, new float[8]);
        ImageVolume otherShape = ImageVolume.of(new int[] {1, 2, 3}, spacing, SampleType.UINT16, new float[6]);

        assertTrue(assertThrows(IllegalArgumentException.class, () -> InstancePolygons.trace(fractional, image))
                .getMessage().contains("pixel (x 1, y 0) holds 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> InstancePolygons.trace(volume3d, volume3d))
                .getMessage().contains("2-D"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> InstancePolygons.trace(image, otherShape))
                .getMessage().contains("the image has shape [1, 2, 3]"));
    }

    // --- the real masks --------------------------------------------------------------------------------------------

    @Test
    public void everyCellOfTheSampleMasksRasterisesBackToExactlyItsPixels() throws IOException {
        checkFolder(Outlines.SAMPLE);
    }

    @Test
    public void everyCellOfTheFullTestSetRasterisesBackToExactlyItsPixels() throws IOException {
        assumeTrue("the 50 test cases are not here", Files.isDirectory(Outlines.FULL.resolve("labelsTs_instances")));
        checkFolder(Outlines.FULL);
    }

    @Test
    public void tracesA520x696MaskInAFewMilliseconds() throws IOException {
        ImageVolume mask = Outlines.read(Outlines.SAMPLE.resolve("labelsTs_instances/BBBC039_100.png"));
        ImageVolume image = Outlines.read(Outlines.SAMPLE.resolve("imagesTs/BBBC039_100_0000.png"));
        assertArrayEquals(new int[] {1, 520, 696}, mask.shape());
        for (int i = 0; i < 30; i++) {
            InstancePolygons.trace(mask, image);
        }
        int runs = 50;
        long start = System.nanoTime();
        int instances = 0;
        for (int i = 0; i < runs; i++) {
            instances += InstancePolygons.trace(mask, image).size();
        }
        double ms = (System.nanoTime() - start) / 1e6 / runs;
        System.out.printf("InstancePolygons: %d instances of a 520x696 mask traced in %.2f ms (mean of %d)%n",
                instances / runs, ms, runs);
        // a few ms here; the bound leaves room for a machine shared with other builds
        assertTrue(ms + " ms", ms < 50);
    }

    /** All masks of labelsTs_instances: exact rasterisation, areas, orientation, simple rings, parts, measurements. */
    private static void checkFolder(Path dataset) throws IOException {
        List<Path> masks;
        try (Stream<Path> files = Files.list(dataset.resolve("labelsTs_instances"))) {
            masks = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertTrue(masks.size() > 0);
        int cells = 0;
        int multipart = 0;
        int holes = 0;
        for (Path file : masks) {
            String caseId = file.getFileName().toString().replace(".png", "");
            ImageVolume mask = Outlines.read(file);
            ImageVolume image = Outlines.read(dataset.resolve("imagesTs").resolve(caseId + "_0000.png"));
            int height = mask.shape()[1];
            int width = mask.shape()[2];
            float[] labels = mask.channel(0);
            float[] intensity = image.channel(0);
            Map<Integer, double[]> expected = new TreeMap<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != 0) {
                    double[] sums = expected.computeIfAbsent((int) labels[i], l -> new double[4]);
                    sums[0]++;
                    sums[1] += intensity[i];
                    sums[2] += i % width + 0.5;
                    sums[3] += i / width + 0.5;
                }
            }

            List<Instance> instances = InstancePolygons.trace(mask, image);

            assertEquals(caseId, List.copyOf(expected.keySet()), instances.stream().map(Instance::label).toList());
            Map<Integer, List<int[]>> rings = new HashMap<>();
            instances.forEach(instance -> rings.put(instance.label(), Outlines.rings(instance)));
            Map<Integer, Double> ious = Outlines.iouPerLabel(labels, rings, width, height);
            Map<Integer, Integer> parts = fourConnectedParts(labels, width, height);
            for (Instance instance : instances) {
                String cell = caseId + " cell " + instance.label();
                double[] sums = expected.get(instance.label());
                double iou = ious.get(instance.label());
                assertTrue(cell + " IoU " + iou, iou >= 0.95);
                assertEquals(cell, 1.0, iou, 0);
                assertEquals(cell, (long) sums[0], instance.area());
                assertEquals(cell, sums[1] / sums[0], instance.meanIntensity(), 1e-9);
                assertEquals(cell, sums[2] / sums[0], instance.centroidX(), 1e-9);
                assertEquals(cell, sums[3] / sums[0], instance.centroidY(), 1e-9);
                assertEquals(cell, parts.get(instance.label()).intValue(), instance.polygons().size());
                double signed = 0;
                for (Polygon polygon : instance.polygons()) {
                    assertTrue(cell, Outlines.signedArea(polygon.shell()) > 0);
                    signed += Outlines.signedArea(polygon.shell());
                    requireSimpleRectilinear(cell, polygon.shell());
                    for (int[] hole : polygon.holes()) {
                        assertTrue(cell, Outlines.signedArea(hole) < 0);
                        signed += Outlines.signedArea(hole);
                        requireSimpleRectilinear(cell, hole);
                    }
                    holes += polygon.holes().size();
                }
                assertEquals(cell, instance.area(), signed, 0);
                multipart += instance.polygons().size() > 1 ? 1 : 0;
                cells++;
            }
        }
        System.out.printf("InstancePolygons: %d masks in %s, %d cells exact (IoU 1.0), %d of several parts,"
                + " %d holes%n", masks.size(), dataset.getFileName(), cells, multipart, holes);
    }

    /** Closed, axis-parallel edges, a turn at every vertex, no vertex twice: a ring OGC calls simple. */
    private static void requireSimpleRectilinear(String cell, int[] ring) {
        int n = ring.length / 2 - 1;
        assertTrue(cell, n >= 4);
        assertEquals(cell, ring[0], ring[2 * n]);
        assertEquals(cell, ring[1], ring[2 * n + 1]);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int[] prev = vertex(ring, (i + n - 1) % n);
            int[] here = vertex(ring, i);
            int[] next = vertex(ring, i + 1);
            assertTrue(cell + " vertex " + i + " twice", seen.add(((long) here[0] << 32) | here[1]));
            assertTrue(cell + " diagonal edge", here[0] == next[0] || here[1] == next[1]);
            boolean inStraightLine = (prev[0] == here[0] && here[0] == next[0])
                    || (prev[1] == here[1] && here[1] == next[1]);
            assertTrue(cell + " collinear vertex " + i, !inStraightLine);
            assertNotEquals(cell, List.of(here[0], here[1]), List.of(next[0], next[1]));
        }
    }

    private static int[] vertex(int[] ring, int i) {
        return new int[] {ring[2 * i], ring[2 * i + 1]};
    }

    /** Per label, the number of its 4-connected components, by union-find (not the flood fill under test). */
    private static Map<Integer, Integer> fourConnectedParts(float[] labels, int width, int height) {
        int[] parent = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            parent[i] = i;
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (x + 1 < width && labels[i + 1] == labels[i]) {
                    parent[root(parent, i)] = root(parent, i + 1);
                }
                if (y + 1 < height && labels[i + width] == labels[i]) {
                    parent[root(parent, i)] = root(parent, i + width);
                }
            }
        }
        Map<Integer, Set<Integer>> roots = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0) {
                roots.computeIfAbsent((int) labels[i], l -> new HashSet<>()).add(root(parent, i));
            }
        }
        Map<Integer, Integer> parts = new HashMap<>();
        roots.forEach((label, r) -> parts.put(label, r.size()));
        return parts;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Rows of digits (labels) and dots (background); intensities all 1. */
    static List<Instance> trace(String... rows) {
        int width = rows[0].length();
        int[] labels = new int[width * rows.length];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < width; x++) {
                char c = rows[y].charAt(x);
                labels[y * width + x] = c == '.' ? 0 : c - '0';
            }
        }
        float[] ones = new float[labels.length];
        Arrays.fill(ones, 1);
        return InstancePolygons.trace(labels, width, rows.length, ones);
    }
}
