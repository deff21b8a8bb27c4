package io.jnnunet.architectures.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.convolutional.Convolution.ConvolutionBuilder;
import java.util.Arrays;

/** Building pieces shared by the blocks. */
final class Layers {

    private Layers() {
    }

    /**
     * torch's {@code Conv2d/3d} with "same" padding {@code (k - 1) / 2} per axis, as ConvDropoutNormReLU pads; in
     * float32 inside a bfloat16 pass where bfloat16 would be wrong ({@link MixedPrecisionConvolution}).
     */
    static Convolution conv(int dimensions, int outChannels, int[] kernel, int[] stride, boolean bias) {
        return new MixedPrecisionConvolution(dimensions == 2
                ? configure(Conv2d.builder(), outChannels, kernel, stride, bias)
                : configure(Conv3d.builder(), outChannels, kernel, stride, bias), dimensions);
    }

    private static <B extends ConvolutionBuilder<B>> B configure(B builder, int outChannels, int[] kernel,
            int[] stride, boolean bias) {
        return builder.setKernelShape(shape(kernel))
                .optStride(shape(stride))
                .optPadding(shape(Arrays.stream(kernel).map(k -> (k - 1) / 2).toArray()))
                .setFilters(outChannels)
                .optBias(bias);
    }

    /**
     * Closes the arrays of an intermediate result that the next result does not hold: DJL would free them only at the
     * end of the pass. Autograd keeps its own references to what the backward pass needs.
     */
    static void release(NDList intermediate, NDList next) {
        for (NDArray array : intermediate) {
            if (next.stream().noneMatch(kept -> kept == array)) {
                array.close();
            }
        }
    }

    static Shape shape(int[] values) {
        return new Shape(Arrays.stream(values).asLongStream().toArray());
    }
}
