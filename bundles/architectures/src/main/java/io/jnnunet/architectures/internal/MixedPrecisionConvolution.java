package io.jnnunet.architectures.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.LayoutType;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.jnnunet.djl.FullPrecision;

/**
 * torch's {@code Conv2d}/{@code Conv3d} (DJL's {@link Convolution}) that, inside a bfloat16 pass, runs in float32 when
 * oneDNN's bfloat16 kernels would get it wrong: an output width that is not a multiple of
 * {@value FullPrecision#BF16_CHANNEL_MULTIPLE} (the output and every gradient), or an input width that is not one
 * when the input needs a gradient (the input gradient; a network's input needs none). On an AVX-512 CPU those were off
 * by 10-76 % or NaN (docs/performance.md, finding 11): the first stages of the budget plans (8 features) and the
 * segmentation heads (2 or 3 classes) among them. Outside a bfloat16 pass it is DJL's convolution.
 */
final class MixedPrecisionConvolution extends Convolution {

    private final int dimensions;

    MixedPrecisionConvolution(ConvolutionBuilder<?> builder, int dimensions) {
        super(builder);
        this.dimensions = dimensions;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        int multiple = FullPrecision.BF16_CHANNEL_MULTIPLE;
        if (filters % multiple == 0 && (x.getShape().get(1) % multiple == 0 || !x.hasGradient())) {
            return super.forwardInternal(parameterStore, inputs, training, params);
        }
        try (FullPrecision fp32 = FullPrecision.enter(x.getDevice())) {
            NDList input = fp32.promote(inputs);
            NDList output = super.forwardInternal(parameterStore, input, training, params);
            if (input.head() != x) {
                input.head().close();
            }
            return output;
        }
    }

    @Override
    protected LayoutType[] getExpectedLayout() {
        return dimensions == 2
                ? new LayoutType[] {LayoutType.BATCH, LayoutType.CHANNEL, LayoutType.HEIGHT, LayoutType.WIDTH}
                : new LayoutType[] {LayoutType.BATCH, LayoutType.CHANNEL, LayoutType.DEPTH, LayoutType.HEIGHT,
                    LayoutType.WIDTH};
    }

    @Override
    protected String getStringLayout() {
        return dimensions == 2 ? "NCHW" : "NCDHW";
    }

    @Override
    protected int numDimensions() {
        return dimensions + 2;
    }
}
