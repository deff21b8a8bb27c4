package io.jnnunet.server.internal;

import io.jnnunet.api.ImageVolume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The outlines and measurements of the instances of a 2-D instance segmentation (0 background, 1..N instances, as
 * nnU-Net's instance post-processing writes them), for GeoJSON.
 *
 * <p>Outlines follow the pixel edges: vertices are pixel corners, {@code x} the column and {@code y} the row, so pixel
 * {@code (x, y)} is the square {@code [x, x+1] x [y, y+1]} and a polygon covers exactly its instance's pixels.
 * Collinear vertices are merged.
 *
 * <p>Connectivity: an instance's <em>parts</em> are its 4-connected components (pixels sharing an edge), and each part
 * is one Polygon: its shell and one hole per region of other pixels it encloses. Pixels that touch only at a corner
 * are different parts, so an instance of several parts is a MultiPolygon whose polygons may touch at corners. Where a
 * ring passes a corner between two diagonal pixels of its own part it joins them (it turns towards the pixels that are
 * not the part's), so no ring ever touches itself: a gap that reaches the outside only through a corner is a hole
 * touching the shell at that corner. Every outline is thereby a valid OGC geometry, as QuPath's JTS expects.
 *
 * <p>Orientation as RFC 7946 asks of the numbers: shells have positive signed area (counterclockwise with the y axis
 * up, which is clockwise on screen, where y points down), holes negative.
 */
public final class InstancePolygons {

    /** A closed ring: {@code x0, y0, x1, y1, ..., x0, y0}, at least 4 vertices, the last repeating the first. */
    public record Polygon(int[] shell, List<int[]> holes) {

        public Polygon {
            holes = List.copyOf(holes);
        }
    }

    /**
     * One instance: its polygons (one per 4-connected part, in raster order of their first pixel), its area in pixels,
     * the mean intensity of its pixels, and its centroid, the mean of its pixel centres {@code (x + 0.5, y + 0.5)}.
     */
    public record Instance(int label, List<Polygon> polygons, long area, double meanIntensity, double centroidX,
            double centroidY) {

        public Instance {
            polygons = List.copyOf(polygons);
        }
    }

    // directions; a quarter turn to the left (with the y axis up) adds 1
    private static final int PLUS_X = 0;
    private static final int PLUS_Y = 1;
    private static final int MINUS_X = 2;
    private static final int[] DX = {1, 0, -1, 0};
    private static final int[] DY = {0, 1, 0, -1};

    private InstancePolygons() {
    }

    /**
     * Traces the instances of a 2-D label map, measuring the first channel of the image.
     *
     * @param instances shape {@code (1, H, W)}, non-negative whole-number labels
     * @param image the image the instances were found in, same spatial shape
     * @return the instances, by label
     * @throws IllegalArgumentException for 3-D volumes, different shapes, or labels that are negative or fractional
     */
    public static List<Instance> trace(ImageVolume instances, ImageVolume image) {
        if (!instances.is2d()) {
            throw new IllegalArgumentException("outlines need a 2-D instance map (shape (1, H, W)), got shape "
                    + Arrays.toString(instances.shape()));
        }
        if (!Arrays.equals(instances.shape(), image.shape())) {
            throw new IllegalArgumentException("the instance map has shape " + Arrays.toString(instances.shape())
                    + " but the image has shape " + Arrays.toString(image.shape()));
        }
        float[] values = instances.channel(0);
        int[] labels = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!(v >= 0) || v != (int) v) {
                throw new IllegalArgumentException("instance labels must be whole numbers >= 0, pixel (x "
                        + i % instances.shape()[2] + ", y " + i / instances.shape()[2] + ") holds " + v);
            }
            labels[i] = (int) v;
        }
        return trace(labels, instances.shape()[2], instances.shape()[1], image.channel(0));
    }

    /**
     * Traces the instances of a label map stored row by row.
     *
     * @param labels {@code width * height} labels, 0 background
     * @param intensities {@code width * height} values the mean intensity is taken of
     * @return the instances, by label
     */
    public static List<Instance> trace(int[] labels, int width, int height, float[] intensities) {
        if (width <= 0 || height <= 0 || labels.length != (long) width * height
                || intensities.length != labels.length) {
            throw new IllegalArgumentException("a " + width + " x " + height + " image needs " + (long) width * height
                    + " labels and intensities, got " + labels.length + " and " + intensities.length);
        }
        Parts parts = new Parts(labels, width, height, intensities);
        List<List<int[]>> rings = traceRings(parts.id, width, height, parts.count);
        return instances(parts, rings);
    }

    /** The 4-connected components of equal non-zero labels, numbered from 1 in raster order, with their sums. */
    private static final class Parts {
        final int[] id;
        int count;
        int[] label = new int[16];
        long[] area = new long[16];
        double[] intensity = new double[16];
        double[] sumX = new double[16];
        double[] sumY = new double[16];

        Parts(int[] labels, int width, int height, float[] intensities) {
            id = new int[labels.length];
            int[] stack = new int[64];
            for (int start = 0; start < labels.length; start++) {
                if (labels[start] == 0 || id[start] != 0) {
                    continue;
                }
                int part = add(labels[start]);
                int l = labels[start];
                int top = 0;
                stack[top++] = start;
                id[start] = part;
                while (top > 0) {
                    int i = stack[--top];
                    int x = i % width;
                    int y = i / width;
                    area[part]++;
                    intensity[part] += intensities[i];
                    sumX[part] += x;
                    sumY[part] += y;
                    if (stack.length < top + 4) {
                        stack = Arrays.copyOf(stack, stack.length * 2);
                    }
                    if (x > 0 && labels[i - 1] == l && id[i - 1] == 0) {
                        id[i - 1] = part;
                        stack[top++] = i - 1;
                    }
                    if (x < width - 1 && labels[i + 1] == l && id[i + 1] == 0) {
                        id[i + 1] = part;
                        stack[top++] = i + 1;
                    }
                    if (y > 0 && labels[i - width] == l && id[i - width] == 0) {
                        id[i - width] = part;
                        stack[top++] = i - width;
                    }
                    if (y < height - 1 && labels[i + width] == l && id[i + width] == 0) {
                        id[i + width] = part;
                        stack[top++] = i + width;
                    }
                }
            }
        }

        private int add(int partLabel) {
            int part = ++count;
            if (part == label.length) {
                int n = label.length * 2;
                label = Arrays.copyOf(label, n);
                area = Arrays.copyOf(area, n);
                intensity = Arrays.copyOf(intensity, n);
                sumX = Arrays.copyOf(sumX, n);
                sumY = Arrays.copyOf(sumY, n);
            }
            label[part] = partLabel;
            return part;
        }
    }

    /**
     * The rings of every part, its shell first. Each ring starts on an unvisited edge along the top of a pixel (every
     * ring has one); the first such edge of a part in raster order is on its shell, and the first of a ring is
     * always at a corner, as nothing of the ring lies further left on that row.
     */
    private static List<List<int[]>> traceRings(int[] part, int width, int height, int partCount) {
        List<List<int[]>> rings = new ArrayList<>(partCount + 1);
        for (int p = 0; p <= partCount; p++) {
            rings.add(new ArrayList<>(1));
        }
        boolean[] topVisited = new boolean[part.length];
        int[] ring = new int[64];
        for (int i = 0; i < part.length; i++) {
            int p = part[i];
            if (p == 0 || topVisited[i] || (i >= width && part[i - width] == p)) {
                continue;
            }
            int x0 = i % width;
            int y0 = i / width;
            int n = 0;
            ring[n++] = x0;
            ring[n++] = y0;
            int x = x0;
            int y = y0;
            int dir = PLUS_X;
            do {
                if (dir == PLUS_X) {
                    topVisited[y * width + x] = true;
                }
                x += DX[dir];
                y += DY[dir];
                int next = nextDirection(part, width, height, p, x, y, dir);
                if (next != dir) {
                    if (n + 2 > ring.length) {
                        ring = Arrays.copyOf(ring, ring.length * 2);
                    }
                    ring[n++] = x;
                    ring[n++] = y;
                    dir = next;
                }
            } while (x != x0 || y != y0 || dir != PLUS_X);
            rings.get(p).add(Arrays.copyOf(ring, n));
        }
        return rings;
    }

    /**
     * The edge a ring of part {@code p} leaves corner {@code (x, y)} by, the part on its left (with the y axis up),
     * having arrived heading {@code dir}. Of the pixels around the corner, {@code a} is up-left in the image,
     * {@code b} up-right, {@code c} down-left, {@code d} down-right. At a corner between two diagonal pixels of the
     * part both turns are possible; the right turn is taken, which joins them.
     */
    private static int nextDirection(int[] part, int width, int height, int p, int x, int y, int dir) {
        boolean a = x > 0 && y > 0 && part[(y - 1) * width + x - 1] == p;
        boolean b = x < width && y > 0 && part[(y - 1) * width + x] == p;
        boolean c = x > 0 && y < height && part[y * width + x - 1] == p;
        boolean d = x < width && y < height && part[y * width + x] == p;
        int right = (dir + 3) & 3;
        if (open(right, a, b, c, d)) {
            return right;
        }
        return open(dir, a, b, c, d) ? dir : (dir + 1) & 3;
    }

    /** Whether the edge leaving a corner in that direction has the part on its left and another pixel on its right. */
    private static boolean open(int direction, boolean a, boolean b, boolean c, boolean d) {
        return switch (direction) {
            case PLUS_X -> d && !b;
            case PLUS_Y -> c && !d;
            case MINUS_X -> a && !c;
            default -> b && !a;
        };
    }

    /** Groups the parts by label; the parts' rings become polygons and their sums the instance's measurements. */
    private static List<Instance> instances(Parts parts, List<List<int[]>> rings) {
        Integer[] order = new Integer[parts.count];
        for (int p = 1; p <= parts.count; p++) {
            order[p - 1] = p;
        }
        // stable: parts of one label stay in raster order
        Arrays.sort(order, (p, q) -> Integer.compare(parts.label[p], parts.label[q]));
        List<Instance> instances = new ArrayList<>();
        int from = 0;
        while (from < order.length) {
            int label = parts.label[order[from]];
            List<Polygon> polygons = new ArrayList<>();
            long area = 0;
            double intensity = 0;
            double sumX = 0;
            double sumY = 0;
            int to = from;
            for (; to < order.length && parts.label[order[to]] == label; to++) {
                int p = order[to];
                List<int[]> partRings = rings.get(p);
                polygons.add(new Polygon(partRings.get(0), partRings.subList(1, partRings.size())));
                area += parts.area[p];
                intensity += parts.intensity[p];
                sumX += parts.sumX[p];
                sumY += parts.sumY[p];
            }
            instances.add(new Instance(label, polygons, area, intensity / area, sumX / area + 0.5,
                    sumY / area + 0.5));
            from = to;
        }
        return instances;
    }
}
