package io.jnnunet.planning.internal;

/**
 * nnU-Net's axis transposition: the axis with the coarsest target spacing goes first, the others keep their order.
 * Configuration spacings and patch sizes are in transposed order; {@code backward} is the inverse permutation.
 */
public record Transposition(int[] forward, int[] backward) {

    /** {@code determine_transpose}: {@code [argmax(spacing)] + remaining axes}; ties pick the first axis. */
    public static Transposition of(double[] targetSpacing) {
        int coarsest = 0;
        for (int axis = 1; axis < targetSpacing.length; axis++) {
            if (targetSpacing[axis] > targetSpacing[coarsest]) {
                coarsest = axis;
            }
        }
        int[] forward = new int[targetSpacing.length];
        forward[0] = coarsest;
        for (int axis = 0, next = 1; axis < targetSpacing.length; axis++) {
            if (axis != coarsest) {
                forward[next++] = axis;
            }
        }
        int[] backward = new int[forward.length];
        for (int i = 0; i < forward.length; i++) {
            backward[forward[i]] = i;
        }
        return new Transposition(forward, backward);
    }

    /** The values in transposed order. */
    public double[] apply(double[] values) {
        double[] transposed = new double[forward.length];
        for (int i = 0; i < forward.length; i++) {
            transposed[i] = values[forward[i]];
        }
        return transposed;
    }
}
