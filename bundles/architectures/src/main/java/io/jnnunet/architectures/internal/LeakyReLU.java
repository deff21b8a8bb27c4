package io.jnnunet.architectures.internal;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * LeakyReLU as a block. DJL's {@code Activation.leakyReluBlock} is a lambda block, which works out its output shape by
 * running on an array of zeros of the input's size; a whole feature map for every unit at initialisation.
 */
final class LeakyReLU extends AbstractBlock {

    private final float negativeSlope;

    LeakyReLU(float negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(Activation.leakyRelu(inputs.singletonOrThrow(), negativeSlope));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
