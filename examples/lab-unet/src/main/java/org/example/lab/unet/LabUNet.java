package org.example.lab.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A U-Net from DJL's stock blocks: per stage conv (carrying the stage's stride) - batch norm - ReLU twice; the
 * decoder upsamples by repeating voxels (nearest neighbour) instead of a transposed conv, concatenates the skip and
 * convolves twice. One 1x1 head per decoder stage; with deep supervision all heads, full resolution first, as jnnunet's
 * trainer expects.
 */
final class LabUNet extends AbstractBlock {

    private final int[][] strides;
    private final boolean deepSupervision;
    private final int dimensions;
    private final List<Block> encoder = new ArrayList<>();
    private final List<Block> decoder = new ArrayList<>();
    private final List<Block> heads = new ArrayList<>();

    LabUNet(int[] features, int[][] strides, int inputChannels, int numOutputs, boolean deepSupervision) {
        this.strides = strides;
        this.deepSupervision = deepSupervision;
        this.dimensions = strides[0].length;
        for (int s = 0; s < features.length; s++) {
            encoder.add(addChildBlock("encoder_" + s, stage(features[s], strides[s])));
        }
        for (int s = features.length - 2; s >= 0; s--) {
            decoder.add(addChildBlock("decoder_" + s, stage(features[s], ones())));
            heads.add(addChildBlock("head_" + s, conv(numOutputs, 1, ones())));
        }
    }

    private int[] ones() {
        int[] one = new int[dimensions];
        java.util.Arrays.fill(one, 1);
        return one;
    }

    private SequentialBlock stage(int filters, int[] stride) {
        return new SequentialBlock()
                .add(conv(filters, 3, stride)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(filters, 3, ones())).add(BatchNorm.builder().build()).add(Activation.reluBlock());
    }

    private Block conv(int filters, int kernel, int[] stride) {
        long[] k = new long[dimensions];
        long[] pad = new long[dimensions];
        long[] st = new long[dimensions];
        for (int d = 0; d < dimensions; d++) {
            k[d] = kernel;
            pad[d] = kernel / 2;
            st[d] = stride[d];
        }
        return dimensions == 2
                ? Conv2d.builder().setFilters(filters).setKernelShape(new Shape(k)).optStride(new Shape(st))
                        .optPadding(new Shape(pad)).build()
                : Conv3d.builder().setFilters(filters).setKernelShape(new Shape(k)).optStride(new Shape(st))
                        .optPadding(new Shape(pad)).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        List<NDArray> skips = new ArrayList<>();
        NDArray x = inputs.singletonOrThrow();
        for (Block stage : encoder) {
            x = stage.forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
            skips.add(x);
        }
        List<NDArray> outputs = new ArrayList<>();
        for (int i = 0; i < decoder.size(); i++) {
            int s = encoder.size() - 2 - i;
            x = upsample(x, strides[s + 1]);
            x = NDArrays.concat(new NDList(x, skips.get(s)), 1);
            x = decoder.get(i).forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
            outputs.add(heads.get(i).forward(parameterStore, new NDList(x), training, params).singletonOrThrow());
        }
        Collections.reverse(outputs);
        return deepSupervision ? new NDList(outputs) : new NDList(outputs.get(0));
    }

    private static NDArray upsample(NDArray x, int[] stride) {
        NDArray up = x;
        for (int d = 0; d < stride.length; d++) {
            if (stride[d] > 1) {
                up = up.repeat(2 + d, stride[d]);
            }
        }
        return up;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        List<Shape> skips = new ArrayList<>();
        Shape shape = inputShapes[0];
        for (Block stage : encoder) {
            stage.initialize(manager, dataType, shape);
            shape = stage.getOutputShapes(new Shape[] {shape})[0];
            skips.add(shape);
        }
        for (int i = 0; i < decoder.size(); i++) {
            Shape skip = skips.get(encoder.size() - 2 - i);
            Shape joined = new Shape(skip.get(0), shape.get(1) + skip.get(1)).addAll(skip.slice(2));
            decoder.get(i).initialize(manager, dataType, joined);
            shape = decoder.get(i).getOutputShapes(new Shape[] {joined})[0];
            heads.get(i).initialize(manager, dataType, shape);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> outputs = new ArrayList<>();
        Shape shape = inputShapes[0];
        List<Shape> skips = new ArrayList<>();
        for (Block stage : encoder) {
            shape = stage.getOutputShapes(new Shape[] {shape})[0];
            skips.add(shape);
        }
        for (int i = 0; i < decoder.size(); i++) {
            Shape skip = skips.get(encoder.size() - 2 - i);
            Shape joined = new Shape(skip.get(0), shape.get(1) + skip.get(1)).addAll(skip.slice(2));
            shape = decoder.get(i).getOutputShapes(new Shape[] {joined})[0];
            outputs.add(heads.get(i).getOutputShapes(new Shape[] {shape})[0]);
        }
        Collections.reverse(outputs);
        return deepSupervision ? outputs.toArray(Shape[]::new) : new Shape[] {outputs.get(0)};
    }
}
