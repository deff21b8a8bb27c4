package io.jnnunet.architectures.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * The ResNet-D basic block of ResidualEncoderUNet: {@code conv1} (strided, with LeakyReLU) → {@code conv2} (no
 * nonlinearity), plus the skip path, then LeakyReLU. The skip is the identity, or an average pool (kernel = stride)
 * when strided, followed by a 1×1 conv without bias and a norm when the channels change ({@code skip.1}, or
 * {@code skip.0} without the pool, as torch's {@code nn.Sequential} numbers it).
 */
final class BasicBlockD extends AbstractBlock {

    private final int dimensions;
    private final float negativeSlope;
    private final ConvDropoutNormReLU conv1;
    private final ConvDropoutNormReLU conv2;
    private final Shape pool;
    private final ConvDropoutNormReLU projection;

    BasicBlockD(UNetConfig config, int inChannels, int outChannels, int[] kernel, int[] stride) {
        dimensions = config.dimensions();
        negativeSlope = config.negativeSlope();
        conv1 = addChildBlock("conv1",
                new ConvDropoutNormReLU(config, outChannels, kernel, stride, config.convBias(), true));
        conv2 = addChildBlock("conv2",
                new ConvDropoutNormReLU(config, outChannels, kernel, config.ones(), config.convBias(), false));
        // init_last_bn_before_add_to_0: the residual branch starts at zero, the block as its skip
        conv2.norm().setInitializer(Initializer.ZEROS, parameter -> true);
        boolean strided = Arrays.stream(stride).anyMatch(s -> s != 1);
        pool = strided ? Layers.shape(stride) : null;
        projection = inChannels == outChannels ? null : addChildBlock(strided ? "skip.1" : "skip.0",
                new ConvDropoutNormReLU(config, outChannels, config.ones(), config.ones(), false, false));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList residual = inputs;
        if (pool != null) {
            residual = new NDList(avgPool(inputs.singletonOrThrow()));
        }
        if (projection != null) {
            residual = projection.forward(parameterStore, residual, training, params);
        }
        NDArray out = conv2.forward(parameterStore, conv1.forward(parameterStore, inputs, training, params),
                training, params).singletonOrThrow();
        return new NDList(Activation.leakyRelu(out.add(residual.singletonOrThrow()), negativeSlope));
    }

    private NDArray avgPool(NDArray x) {
        Shape noPadding = new Shape(new long[dimensions]);
        return dimensions == 2
                ? Pool.avgPool2d(x, pool, pool, noPadding, false, true)
                : Pool.avgPool3d(x, pool, pool, noPadding, false, true);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv1.initialize(manager, dataType, inputShapes);
        conv2.initialize(manager, dataType, conv1.getOutputShapes(inputShapes));
        if (projection != null) {
            // a 1×1 conv's parameters depend on the channels only, which the pool keeps
            projection.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
    }
}
