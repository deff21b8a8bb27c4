package io.jnnunet.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.jnnunet.djl.internal.Autocast;

/**
 * A part of a forward pass that runs in float32 although the pass runs in bfloat16 ({@link Precision#BF16}): for
 * operations whose bfloat16 kernels are wrong or too coarse. oneDNN's bfloat16 convolutions on an AVX-512 CPU were
 * wrong by 10-76 % or NaN where a width was not a multiple of {@value #BF16_CHANNEL_MULTIPLE}: the output for such an
 * output width, the input gradient for such an input width, e.g. that of every 1x1 convolution to 2 or 3 classes
 * (docs/performance.md, finding 11). Outside a bfloat16 pass it does nothing.
 */
public final class FullPrecision implements AutoCloseable {

    /** Channel counts that oneDNN's bfloat16 convolutions get right are multiples of this (the self-test checks). */
    public static final int BF16_CHANNEL_MULTIPLE = 16;

    private final Autocast suspended;

    private FullPrecision(Device device) {
        suspended = Autocast.suspend(device);
    }

    /** Suspends bfloat16 autocast on this thread for the device's type until {@link #close()}. */
    public static FullPrecision enter(Device device) {
        return new FullPrecision(device);
    }

    /**
     * The inputs in float32: bfloat16 ones promoted by an operation autograd records (the gradient flows back in
     * bfloat16), float32 ones as they are. The caller closes the promoted arrays that are not in {@code inputs}.
     */
    public NDList promote(NDList inputs) {
        NDList promoted = new NDList(inputs.size());
        for (NDArray input : inputs) {
            promoted.add(toFloat32(input));
        }
        return promoted;
    }

    /**
     * {@code array} in float32; a reduced-precision array (DJL names bfloat16 {@code UNKNOWN}) via adding a float32
     * zero of one dimension, which type promotion makes float32 and autograd records. DJL's {@code toType} casts
     * outside autograd, so gradients would stop there.
     */
    public static NDArray toFloat32(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32 || array.getDataType() == DataType.FLOAT64) {
            return array;
        }
        try (NDArray zero = array.getManager().zeros(new Shape(1), DataType.FLOAT32, array.getDevice())) {
            return array.add(zero);
        }
    }

    @Override
    public void close() {
        suspended.close();
    }
}
