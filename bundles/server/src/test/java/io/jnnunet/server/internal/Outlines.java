package io.jnnunet.server.internal;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.io.internal.PngImageIo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/** Test oracles for outlines: an even-odd scanline rasteriser, shoelace areas, and the sample masks. */
final class Outlines {

    /** The in-repository sample (5 test cases). */
    static final Path SAMPLE = Path.of("../../sample-data/Dataset001_Cells").toAbsolutePath().normalize();
    /** The full set (50 test cases), where the machine has it. */
    static final Path FULL = Path.of("../../../shared/data/cells").toAbsolutePath().normalize();

    private Outlines() {
    }

    static ImageVolume read(Path png) throws IOException {
        return new PngImageIo().readImages(List.of(png));
    }

    /**
     * Calls {@code pixel} with the index of every pixel whose centre {@code (x + 0.5, y + 0.5)} lies inside the rings
     * by the even-odd rule, which is the union of polygons with holes when the polygons do not overlap.
     */
    static void rasterise(List<int[]> rings, int width, int height, IntConsumer pixel) {
        int top = Integer.MAX_VALUE;
        int bottom = Integer.MIN_VALUE;
        for (int[] ring : rings) {
            for (int i = 1; i < ring.length; i += 2) {
                top = Math.min(top, ring[i]);
                bottom = Math.max(bottom, ring[i]);
            }
        }
        double[] crossings = new double[16];
        for (int y = Math.max(0, top); y < Math.min(height, bottom); y++) {
            double yc = y + 0.5;
            int n = 0;
            for (int[] ring : rings) {
                for (int i = 0; i + 3 < ring.length; i += 2) {
                    double x0 = ring[i];
                    double y0 = ring[i + 1];
                    double x1 = ring[i + 2];
                    double y1 = ring[i + 3];
                    if ((y0 <= yc) != (y1 <= yc)) {
                        if (n == crossings.length) {
                            crossings = Arrays.copyOf(crossings, n * 2);
                        }
                        crossings[n++] = x0 + (yc - y0) * (x1 - x0) / (y1 - y0);
                    }
                }
            }
            Arrays.sort(crossings, 0, n);
            for (int k = 0; k + 1 < n; k += 2) {
                for (int x = Math.max(0, (int) Math.ceil(crossings[k] - 0.5)); x < width && x + 0.5 < crossings[k + 1];
                        x++) {
                    pixel.accept(y * width + x);
                }
            }
        }
    }

    /**
     * Intersection over union of each label's pixels in the mask and its rings rasterised. A pixel drawn twice, by one
     * label or two, counts as drawn but as no label's, so overlaps lower the IoU.
     */
    static Map<Integer, Double> iouPerLabel(float[] mask, Map<Integer, List<int[]>> ringsByLabel, int width,
            int height) {
        int[] drawn = new int[mask.length];
        // per label: pixels drawn, pixels in the mask, pixels in both
        Map<Integer, long[]> counts = new HashMap<>();
        ringsByLabel.forEach((label, rings) -> {
            long[] c = counts.computeIfAbsent(label, l -> new long[3]);
            rasterise(rings, width, height, i -> {
                c[0]++;
                drawn[i] = drawn[i] == 0 ? label : -1;
            });
        });
        for (int i = 0; i < mask.length; i++) {
            long[] c = counts.get((int) mask[i]);
            if (c != null) {
                c[1]++;
                c[2] += drawn[i] == (int) mask[i] ? 1 : 0;
            }
        }
        Map<Integer, Double> iou = new HashMap<>();
        counts.forEach((label, c) -> iou.put(label, (double) c[2] / (c[0] + c[1] - c[2])));
        return iou;
    }

    /** The signed area by the shoelace formula, positive for counterclockwise with the y axis up. */
    static double signedArea(int[] ring) {
        double twice = 0;
        for (int i = 0; i + 3 < ring.length; i += 2) {
            twice += (double) ring[i] * ring[i + 3] - (double) ring[i + 2] * ring[i + 1];
        }
        return twice / 2;
    }

    static List<int[]> rings(InstancePolygons.Instance instance) {
        List<int[]> rings = new ArrayList<>();
        for (InstancePolygons.Polygon polygon : instance.polygons()) {
            rings.add(polygon.shell());
            rings.addAll(polygon.holes());
        }
        return rings;
    }
}
