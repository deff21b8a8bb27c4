package io.jnnunet.postprocessing.internal.morphology;

/**
 * A binary min-heap of voxel indices keyed by a double; equal keys leave in the order they came (as skimage's
 * watershed queue does, which makes plateaus fill evenly from their edges).
 */
final class VoxelHeap {

    private final double[] keys;
    private final long[] ages;
    private final int[] voxels;
    private int size;
    private long pushed;

    /** @param capacity the most voxels ever queued at once */
    VoxelHeap(int capacity) {
        keys = new double[capacity];
        ages = new long[capacity];
        voxels = new int[capacity];
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(double key, int voxel) {
        int i = size++;
        long age = pushed++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(key, age, keys[parent], ages[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        put(i, key, age, voxel);
    }

    /** Removes the voxel with the smallest key (the oldest of equal keys). */
    int pop() {
        int top = voxels[0];
        size--;
        if (size > 0) {
            double key = keys[size];
            long age = ages[size];
            int voxel = voxels[size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && before(keys[child + 1], ages[child + 1], keys[child], ages[child])) {
                    child++;
                }
                if (!before(keys[child], ages[child], key, age)) {
                    break;
                }
                move(child, i);
                i = child;
            }
            put(i, key, age, voxel);
        }
        return top;
    }

    private void move(int from, int to) {
        put(to, keys[from], ages[from], voxels[from]);
    }

    private void put(int i, double key, long age, int voxel) {
        keys[i] = key;
        ages[i] = age;
        voxels[i] = voxel;
    }

    private static boolean before(double key, long age, double otherKey, long otherAge) {
        return key < otherKey || key == otherKey && age < otherAge;
    }
}
