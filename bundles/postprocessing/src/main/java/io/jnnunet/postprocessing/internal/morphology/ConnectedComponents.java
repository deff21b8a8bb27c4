package io.jnnunet.postprocessing.internal.morphology;

import java.util.Arrays;

/**
 * Connected-component labelling of a binary mask (skimage's {@code label}), by flood fill from each unlabelled voxel in
 * raster order, so component ids are 1..n in the raster order of their first voxel.
 */
public final class ConnectedComponents {

    /**
     * A labelling: {@code labels[i]} is the component of voxel i (0 outside the mask), {@code sizes[k]} the voxel
     * count of component k ({@code sizes[0]} is the count outside the mask).
     */
    public record Labelling(int[] labels, int count, int[] sizes) {

        /** The size of the largest component, 0 when there is none. */
        public int largestSize() {
            int largest = 0;
            for (int k = 1; k <= count; k++) {
                largest = Math.max(largest, sizes[k]);
            }
            return largest;
        }
    }

    private ConnectedComponents() {
    }

    public static Labelling label(boolean[] mask, Grid grid, Grid.Connectivity connectivity) {
        int n = grid.size();
        if (mask.length != n) {
            throw new IllegalArgumentException("mask has " + mask.length + " voxels, the grid " + n);
        }
        int[][] offsets = Grid.offsets(connectivity);
        int[] neighbours = new int[offsets.length];
        int[] labels = new int[n];
        int[] queue = new int[n];
        int[] sizes = new int[16];
        int count = 0;
        int background = n;
        for (int start = 0; start < n; start++) {
            if (!mask[start] || labels[start] != 0) {
                continue;
            }
            int id = ++count;
            labels[start] = id;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            while (head < tail) {
                int voxel = queue[head++];
                int found = grid.neighbours(voxel, offsets, neighbours);
                for (int k = 0; k < found; k++) {
                    int q = neighbours[k];
                    if (mask[q] && labels[q] == 0) {
                        labels[q] = id;
                        queue[tail++] = q;
                    }
                }
            }
            if (id >= sizes.length) {
                sizes = Arrays.copyOf(sizes, sizes.length * 2);
            }
            sizes[id] = tail;
            background -= tail;
        }
        sizes = Arrays.copyOf(sizes, count + 1);
        sizes[0] = background;
        return new Labelling(labels, count, sizes);
    }
}
