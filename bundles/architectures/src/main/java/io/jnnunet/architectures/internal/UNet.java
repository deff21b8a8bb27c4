package io.jnnunet.architectures.internal;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * An encoder and a UNetDecoder, the shape of both of nnU-Net's U-Nets. Input (N, C_in, *patch); output one logits
 * array per head as UNetDecoder returns them. Conv and transposed-conv weights start as nnU-Net's
 * {@code InitWeights_He(1e-2)} draws them, biases at zero, norms at weight 1 and bias 0.
 *
 * <p>Children are named after the torch modules ({@code encoder}, {@code decoder}, {@code stages.0}, {@code conv},
 * ...): stripping DJL's two-digit child counter from each level of the block tree and joining with dots gives the
 * parameter's key in nnU-Net's {@code network_weights} (the copies under {@code all_modules} and
 * {@code decoder.encoder} aside).
 */
abstract class UNet extends AbstractBlock {

    /** {@code InitWeights_He(1e-2)}, whatever nonlinearity the plan names. */
    private static final double HE_NEGATIVE_SLOPE = 1e-2;

    private final int dimensions;
    private final int inputChannels;
    private final Encoder encoder;
    private final UNetDecoder decoder;

    UNet(UNetConfig config, int inputChannels, int numOutputs, boolean deepSupervision, Encoder encoder) {
        if (inputChannels < 1 || numOutputs < 1) {
            throw new IllegalArgumentException("input channels (" + inputChannels + ") and outputs (" + numOutputs
                    + ") must be at least 1");
        }
        this.dimensions = config.dimensions();
        this.inputChannels = inputChannels;
        this.encoder = addChildBlock("encoder", encoder);
        this.decoder = addChildBlock("decoder", new UNetDecoder(config, numOutputs, deepSupervision));
        setInitializer(new KaimingNormal(HE_NEGATIVE_SLOPE), Parameter.Type.WEIGHT);
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        Shape input = inputShapes[0];
        if (input.dimension() != 2 + dimensions || input.get(1) != inputChannels) {
            throw new IllegalArgumentException("input shape " + input + " is not (batch, " + inputChannels + ", "
                    + dimensions + " spatial axes)");
        }
        super.beforeInitialize(inputShapes);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return decoder.forward(parameterStore, encoder.forward(parameterStore, inputs, training, params), training,
                params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        decoder.initialize(manager, dataType, encoder.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return decoder.getOutputShapes(encoder.getOutputShapes(inputShapes));
    }
}
