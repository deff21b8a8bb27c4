package io.jnnunet.inference.internal;

/** numpy's {@code transpose} of a row-major (x, y, z) array: new axis j is old axis {@code order[j]}. */
final class Axes {

    private Axes() {
    }

    static int[] permute(int[] shape, int[] order) {
        int[] out = new int[shape.length];
        for (int j = 0; j < shape.length; j++) {
            out[j] = shape[order[j]];
        }
        return out;
    }

    static float[] transpose(float[] data, int[] shape, int[] order) {
        if (order[0] == 0 && order[1] == 1 && order[2] == 2) {
            return data;
        }
        int[] strides = {shape[1] * shape[2], shape[2], 1};
        int[] newShape = permute(shape, order);
        int[] step = {strides[order[0]], strides[order[1]], strides[order[2]]};
        float[] out = new float[data.length];
        int i = 0;
        for (int a = 0; a < newShape[0]; a++) {
            for (int b = 0; b < newShape[1]; b++) {
                int base = a * step[0] + b * step[1];
                for (int c = 0; c < newShape[2]; c++) {
                    out[i++] = data[base + c * step[2]];
                }
            }
        }
        return out;
    }
}
