package io.jnnunet.postprocessing.internal.morphology;

/**
 * Seeded watershed by priority flooding (skimage's {@code watershed(image, markers, mask=mask)}): every marker grows
 * into the unlabelled mask voxels in the order of the landscape's height, a voxel taking the label of the neighbour
 * that reached it first. Mask voxels no marker can reach stay 0.
 */
public final class Watershed {

    private Watershed() {
    }

    /**
     * @param landscape heights, flooded from low to high
     * @param markers seed labels (0 = none); markers outside the mask are ignored
     * @param mask where labels may go, or {@code null} for everywhere
     * @return the labels, a new array
     */
    public static int[] flood(double[] landscape, int[] markers, boolean[] mask, Grid grid,
            Grid.Connectivity connectivity) {
        int n = grid.size();
        if (landscape.length != n || markers.length != n || mask != null && mask.length != n) {
            throw new IllegalArgumentException("landscape, markers and mask must all have " + n + " voxels");
        }
        int[][] offsets = Grid.offsets(connectivity);
        int[] neighbours = new int[offsets.length];
        int[] labels = new int[n];
        VoxelHeap heap = new VoxelHeap(n);
        for (int i = 0; i < n; i++) {
            if (markers[i] != 0 && (mask == null || mask[i])) {
                labels[i] = markers[i];
                heap.push(landscape[i], i);
            }
        }
        while (!heap.isEmpty()) {
            int voxel = heap.pop();
            int found = grid.neighbours(voxel, offsets, neighbours);
            for (int k = 0; k < found; k++) {
                int q = neighbours[k];
                if (labels[q] == 0 && (mask == null || mask[q])) {
                    labels[q] = labels[voxel];
                    heap.push(landscape[q], q);
                }
            }
        }
        return labels;
    }
}
