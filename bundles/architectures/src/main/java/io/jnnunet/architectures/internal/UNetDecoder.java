package io.jnnunet.architectures.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * dynamic-network-architectures' UNetDecoder. Its input is the encoder's skips (bottleneck last). Stage d, starting
 * next to the bottleneck, upsamples with a transposed conv (kernel = stride = the encoder stride of the stage below),
 * concatenates [upsampled, skip] on the channels, runs {@code n_conv_per_stage_decoder[d]} units and, for deep
 * supervision, a 1×1 conv with bias to the outputs. All heads exist whatever the mode, so weights always load; with
 * deep supervision the output is every head's logits, full resolution first, else only the last head's.
 */
final class UNetDecoder extends AbstractBlock {

    private final boolean deepSupervision;
    private final List<StackedConvBlocks> stages = new ArrayList<>();
    private final List<ConvTranspose> transpconvs = new ArrayList<>();
    private final List<Block> segLayers = new ArrayList<>();

    UNetDecoder(UNetConfig config, int numOutputs, boolean deepSupervision) {
        this.deepSupervision = deepSupervision;
        int n = config.nStages();
        int[] features = config.features();
        // registered like torch's ModuleLists: all stages, then all transpconvs, then all heads
        for (int d = 0; d < n - 1; d++) {
            int skip = n - 2 - d;
            stages.add(addChildBlock("stages." + d, new StackedConvBlocks(config, config.nConvPerStageDecoder()[d],
                    features[skip], config.kernelSizes()[skip], config.ones())));
        }
        for (int d = 0; d < n - 1; d++) {
            transpconvs.add(addChildBlock("transpconvs." + d,
                    new ConvTranspose(features[n - 2 - d], config.strides()[n - 1 - d], config.convBias())));
        }
        for (int d = 0; d < n - 1; d++) {
            segLayers.add(addChildBlock("seg_layers." + d,
                    Layers.conv(config.dimensions(), numOutputs, config.ones(), config.ones(), true)));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList skips, boolean training,
            PairList<String, Object> params) {
        // each skip and each intermediate is closed after its last use, so a pass holds little more than PyTorch's
        NDList x = new NDList(skips.get(skips.size() - 1));
        NDList outputs = new NDList();
        for (int d = 0; d < stages.size(); d++) {
            NDArray up = transpconvs.get(d).forward(parameterStore, x, training, params).singletonOrThrow();
            x.singletonOrThrow().close();
            NDArray skip = skips.get(skips.size() - 2 - d);
            NDList merged = new NDList(NDArrays.concat(new NDList(up, skip), 1));
            up.close();
            skip.close();
            x = stages.get(d).forward(parameterStore, merged, training, params);
            Layers.release(merged, x);
            if (deepSupervision || d == stages.size() - 1) {
                outputs.addAll(segLayers.get(d).forward(parameterStore, x, training, params));
            }
        }
        Layers.release(x, outputs);
        Collections.reverse(outputs);
        return outputs;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... skips) {
        Shape[] x = {skips[skips.length - 1]};
        for (int d = 0; d < stages.size(); d++) {
            transpconvs.get(d).initialize(manager, dataType, x);
            Shape merged = concatenated(transpconvs.get(d).getOutputShapes(x)[0], skips[skips.length - 2 - d]);
            stages.get(d).initialize(manager, dataType, merged);
            x = stages.get(d).getOutputShapes(new Shape[] {merged});
            segLayers.get(d).initialize(manager, dataType, x);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] skips) {
        List<Shape> outputs = new ArrayList<>();
        Shape[] x = {skips[skips.length - 1]};
        for (int d = 0; d < stages.size(); d++) {
            Shape merged = concatenated(transpconvs.get(d).getOutputShapes(x)[0], skips[skips.length - 2 - d]);
            x = stages.get(d).getOutputShapes(new Shape[] {merged});
            if (deepSupervision || d == stages.size() - 1) {
                outputs.add(segLayers.get(d).getOutputShapes(x)[0]);
            }
        }
        Collections.reverse(outputs);
        return outputs.toArray(Shape[]::new);
    }

    private static Shape concatenated(Shape upsampled, Shape skip) {
        return new Shape(skip.get(0), upsampled.get(1) + skip.get(1)).addAll(skip.slice(2));
    }
}
