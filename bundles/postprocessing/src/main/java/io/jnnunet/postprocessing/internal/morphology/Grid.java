package io.jnnunet.postprocessing.internal.morphology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The voxel grid of a volume in {@link io.jnnunet.api.ImageVolume}'s layout: shape {@code (x, y, z)}, row-major, last
 * axis fastest. A 2-D image is a single slice along x, so its 3-D neighbourhoods are the 2-D ones (6 -> 4, 26 -> 8).
 */
public record Grid(int nx, int ny, int nz) {

    /** Which neighbours touch: faces only (4 in 2-D, 6 in 3-D) or also edges and corners (8 / 26). */
    public enum Connectivity {
        FACE, FULL
    }

    public Grid {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new IllegalArgumentException("shape must be positive, got " + nx + " x " + ny + " x " + nz);
        }
    }

    public static Grid of(int[] shape) {
        if (shape.length != 3) {
            throw new IllegalArgumentException("shape must have 3 axes, got " + Arrays.toString(shape));
        }
        return new Grid(shape[0], shape[1], shape[2]);
    }

    public int size() {
        return Math.multiplyExact(Math.multiplyExact(nx, ny), nz);
    }

    public int[] shape() {
        return new int[] {nx, ny, nz};
    }

    public int index(int x, int y, int z) {
        return (x * ny + y) * nz + z;
    }

    /** The neighbour offsets {dx, dy, dz} of a connectivity, without the voxel itself. */
    public static int[][] offsets(Connectivity connectivity) {
        List<int[]> offsets = new ArrayList<>();
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dz = -1; dz <= 1; dz++) {
                    int steps = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
                    if (steps == 1 || steps > 1 && connectivity == Connectivity.FULL) {
                        offsets.add(new int[] {dx, dy, dz});
                    }
                }
            }
        }
        return offsets.toArray(int[][]::new);
    }

    /**
     * Writes the in-bounds neighbours of a voxel into {@code out} (at least {@code offsets.length} long).
     *
     * @return how many were written
     */
    public int neighbours(int index, int[][] offsets, int[] out) {
        int z = index % nz;
        int rest = index / nz;
        int y = rest % ny;
        int x = rest / ny;
        int count = 0;
        for (int[] d : offsets) {
            int qx = x + d[0];
            int qy = y + d[1];
            int qz = z + d[2];
            if (qx >= 0 && qx < nx && qy >= 0 && qy < ny && qz >= 0 && qz < nz) {
                out[count++] = (qx * ny + qy) * nz + qz;
            }
        }
        return count;
    }

    /** Work on one line of voxels along an axis. */
    @FunctionalInterface
    interface LineWork {
        void run(int axis, int start, int stride, int length);
    }

    /** Runs the work on every line along every axis longer than one voxel, axis by axis (separable filters). */
    void forEachLine(LineWork work) {
        int[] shape = shape();
        int[] strides = {ny * nz, nz, 1};
        for (int axis = 0; axis < 3; axis++) {
            if (shape[axis] == 1) {
                continue;
            }
            int a = (axis + 1) % 3;
            int b = (axis + 2) % 3;
            for (int i = 0; i < shape[a]; i++) {
                for (int j = 0; j < shape[b]; j++) {
                    work.run(axis, i * strides[a] + j * strides[b], strides[axis], shape[axis]);
                }
            }
        }
    }
}
