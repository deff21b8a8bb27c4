package io.jnnunet.postprocessing.internal.morphology;

import java.util.Arrays;

/** Grey-value filters on a {@link Grid}: Gaussian smoothing, window maximum/minimum, reconstruction, h-maxima. */
public final class Filters {

    private Filters() {
    }

    /**
     * Gaussian smoothing as scipy's {@code gaussian_filter(image, sigma)} (truncate 4, mode {@code reflect}: the edge
     * voxel is repeated), in voxel units on every axis longer than one voxel.
     */
    public static double[] gaussian(double[] image, Grid grid, double sigma) {
        if (sigma <= 0) {
            return image.clone();
        }
        int radius = (int) (4.0 * sigma + 0.5);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-0.5 * k * k / (sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        double[] out = image.clone();
        grid.forEachLine((axis, start, stride, length) -> {
            double[] line = new double[length];
            for (int q = 0; q < length; q++) {
                line[q] = out[start + q * stride];
            }
            for (int q = 0; q < length; q++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += kernel[k + radius] * line[reflect(q + k, length)];
                }
                out[start + q * stride] = acc;
            }
        });
        return out;
    }

    /**
     * The largest value in the {@code (2r+1)}-wide window (square/cube) around every voxel, the window clipped at the
     * volume's edges (scipy's {@code maximum_filter(mode='constant', cval)} with a cval no voxel exceeds).
     */
    public static int[] windowMaximum(int[] image, Grid grid, int r) {
        return window(image, grid, r, true);
    }

    /** The smallest value in the clipped window, as {@link #windowMaximum}. */
    public static int[] windowMinimum(int[] image, Grid grid, int r) {
        return window(image, grid, r, false);
    }

    private static int[] window(int[] image, Grid grid, int r, boolean maximum) {
        int[] out = image.clone();
        grid.forEachLine((axis, start, stride, length) -> {
            int[] line = new int[length];
            for (int q = 0; q < length; q++) {
                line[q] = out[start + q * stride];
            }
            for (int q = 0; q < length; q++) {
                int best = line[q];
                for (int k = Math.max(0, q - r); k <= Math.min(length - 1, q + r); k++) {
                    best = maximum ? Math.max(best, line[k]) : Math.min(best, line[k]);
                }
                out[start + q * stride] = best;
            }
        });
        return out;
    }

    /**
     * Grey reconstruction by dilation of {@code marker} under {@code mask} (skimage's {@code reconstruction(seed,
     * mask, method='dilation')}, full connectivity): the marker raised wherever a path of mask values at least as high
     * connects it to a higher marker value, never above the mask.
     */
    public static double[] reconstructByDilation(double[] marker, double[] mask, Grid grid) {
        // Vincent's hybrid algorithm (1993): a raster and an anti-raster scan, then a FIFO for what is left
        int n = grid.size();
        int[][] all = Grid.offsets(Grid.Connectivity.FULL);
        int[][] before = Arrays.stream(all).filter(Filters::precedes).toArray(int[][]::new);
        int[][] after = Arrays.stream(all).filter(d -> !precedes(d)).toArray(int[][]::new);
        int[] neighbours = new int[all.length];
        double[] rec = new double[n];
        for (int p = 0; p < n; p++) {
            rec[p] = Math.min(marker[p], mask[p]);
        }
        for (int p = 0; p < n; p++) {
            double best = rec[p];
            int found = grid.neighbours(p, before, neighbours);
            for (int k = 0; k < found; k++) {
                best = Math.max(best, rec[neighbours[k]]);
            }
            rec[p] = Math.min(best, mask[p]);
        }
        IntQueue queue = new IntQueue(n);
        for (int p = n - 1; p >= 0; p--) {
            double best = rec[p];
            int found = grid.neighbours(p, after, neighbours);
            for (int k = 0; k < found; k++) {
                best = Math.max(best, rec[neighbours[k]]);
            }
            rec[p] = Math.min(best, mask[p]);
            for (int k = 0; k < found; k++) {
                int q = neighbours[k];
                if (rec[q] < rec[p] && rec[q] < mask[q]) {
                    queue.add(p);
                    break;
                }
            }
        }
        while (!queue.isEmpty()) {
            int p = queue.poll();
            int found = grid.neighbours(p, all, neighbours);
            for (int k = 0; k < found; k++) {
                int q = neighbours[k];
                if (rec[q] < rec[p] && rec[q] != mask[q]) {
                    rec[q] = Math.min(rec[p], mask[q]);
                    queue.add(q);
                }
            }
        }
        return rec;
    }

    /** True for an offset to a voxel earlier in raster order. */
    private static boolean precedes(int[] d) {
        return d[0] < 0 || d[0] == 0 && (d[1] < 0 || d[1] == 0 && d[2] < 0);
    }

    /** A FIFO of voxel indices that reuses its array from the front when it can. */
    private static final class IntQueue {
        private int[] items;
        private int head;
        private int tail;

        IntQueue(int capacity) {
            items = new int[Math.max(16, capacity)];
        }

        boolean isEmpty() {
            return head == tail;
        }

        void add(int item) {
            if (tail == items.length) {
                int live = tail - head;
                int[] target = live * 2 <= items.length ? items : new int[items.length * 2];
                System.arraycopy(items, head, target, 0, live);
                items = target;
                head = 0;
                tail = live;
            }
            items[tail++] = item;
        }

        int poll() {
            return items[head++];
        }
    }

    /**
     * skimage's {@code h_maxima(image, h)}: the voxels of every regional maximum whose height above the lowest pass to
     * anything higher is at least {@code h}, i.e. where {@code image - reconstruction(image - h, image) >= h}; none
     * when {@code h} exceeds the image's range. As in skimage, equally high peaks each keep their voxels.
     */
    public static boolean[] hMaxima(double[] image, Grid grid, double h) {
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (double v : image) {
            lowest = Math.min(lowest, v);
            highest = Math.max(highest, v);
        }
        if (h > highest - lowest) {
            return new boolean[image.length];
        }
        double[] shifted = new double[image.length];
        for (int i = 0; i < image.length; i++) {
            shifted[i] = image[i] - h;
        }
        double[] rec = reconstructByDilation(shifted, image, grid);
        boolean[] maxima = new boolean[image.length];
        double tolerance = 1e-9 * Math.max(1, Math.abs(h));
        for (int i = 0; i < image.length; i++) {
            maxima[i] = image[i] - rec[i] >= h - tolerance;
        }
        return maxima;
    }

    /** scipy's {@code reflect} boundary (d c b a | a b c d | d c b a), periodic for kernels longer than the line. */
    private static int reflect(int i, int length) {
        int period = 2 * length;
        int m = Math.floorMod(i, period);
        return m < length ? m : period - 1 - m;
    }
}
