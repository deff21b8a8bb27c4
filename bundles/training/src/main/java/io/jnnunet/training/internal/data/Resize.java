package io.jnnunet.training.internal.data;

/**
 * The two modes of {@code torch.nn.functional.interpolate} (given an output size, so the scale is
 * {@code in / out}) that the augmentation uses: {@code nearest-exact} and (bi/tri)linear with
 * {@code align_corners=False}. Linear resizing is done axis by axis, which equals the multilinear interpolation.
 */
final class Resize {

    private Resize() {
    }

    /** {@code nearest-exact}: source index {@code min(floor((dst + 0.5) · in/out), in - 1)} per output index. */
    static int[] nearestExactIndices(int in, int out) {
        float scale = (float) in / out;
        int[] index = new int[out];
        for (int i = 0; i < out; i++) {
            index[i] = Math.min((int) Math.floor((float) ((i + 0.5) * scale)), in - 1);
        }
        return index;
    }

    /**
     * Walks a nearest-exact resize from {@code srcShape} to {@code dstShape} (2-D or 3-D, row-major indices within
     * one channel), so that callers copy whatever element type they hold.
     */
    static void nearestExact(int[] srcShape, int[] dstShape, IndexPair pair) {
        int[] in = SpatialTransform.as3d(srcShape);
        int[] out = SpatialTransform.as3d(dstShape);
        int[] iz = nearestExactIndices(in[0], out[0]);
        int[] iy = nearestExactIndices(in[1], out[1]);
        int[] ix = nearestExactIndices(in[2], out[2]);
        int d = 0;
        for (int z = 0; z < out[0]; z++) {
            for (int y = 0; y < out[1]; y++) {
                int row = (iz[z] * in[1] + iy[y]) * in[2];
                for (int x = 0; x < out[2]; x++) {
                    pair.accept(d++, row + ix[x]);
                }
            }
        }
    }

    /**
     * Linear resize along one axis ({@code align_corners=False}): source position {@code max((dst + 0.5) · in/out -
     * 0.5, 0)}, the right neighbour clamped to the last voxel.
     */
    static void linearAxis(double[] src, int[] shape, int axis, int newLength, double[] dst) {
        int length = shape[axis];
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int outer = Sample.voxels(shape) / (length * inner);
        int[] index0 = new int[newLength];
        int[] step = new int[newLength];
        double[] lambda1 = new double[newLength];
        float scale = (float) length / newLength;
        for (int i = 0; i < newLength; i++) {
            double position = Math.max(scale * (i + 0.5) - 0.5, 0);
            index0[i] = (int) position;
            step[i] = index0[i] < length - 1 ? 1 : 0;
            lambda1[i] = Math.min(Math.max(position - index0[i], 0), 1);
        }
        for (int o = 0; o < outer; o++) {
            int srcBase = o * length * inner;
            int dstBase = o * newLength * inner;
            for (int i = 0; i < newLength; i++) {
                int a = srcBase + index0[i] * inner;
                int b = a + step[i] * inner;
                double l1 = lambda1[i];
                double l0 = 1 - l1;
                int t = dstBase + i * inner;
                for (int k = 0; k < inner; k++) {
                    dst[t + k] = l0 * src[a + k] + l1 * src[b + k];
                }
            }
        }
    }

    /** {@code round(shape · scale)} per axis with Python's rounding (half to even). */
    static int[] scaledShape(int[] shape, double[] scale) {
        int[] out = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            out[d] = (int) Math.rint(shape[d] * scale[d]);
        }
        return out;
    }
}
