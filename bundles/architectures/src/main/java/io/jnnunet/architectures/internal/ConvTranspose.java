package io.jnnunet.architectures.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * torch's {@code ConvTranspose2d/3d} with kernel = stride and no padding, the only kind UNetDecoder uses. DJL's
 * PyTorch engine has no transposed convolution (its {@code deconvolution} throws), but with kernel = stride the
 * output blocks do not overlap: each input voxel becomes one block of {@code prod(stride)} output voxels, a linear
 * map of its channels. So this is one matrix product (C_in → C_out·prod(stride) per voxel) and a depth-to-space
 * shuffle of the result.
 *
 * <p>Parameters keep torch's layout, {@code weight} (C_in, C_out, *stride) and {@code bias} (C_out), so nnU-Net's
 * weights load unchanged and Kaiming's fan-in is torch's.
 */
final class ConvTranspose extends AbstractBlock {

    private final int outChannels;
    private final int[] stride;
    private final Parameter weight;
    private final Parameter bias;

    ConvTranspose(int outChannels, int[] stride, boolean bias) {
        this.outChannels = outChannels;
        this.stride = stride.clone();
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.bias = bias
                ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build())
                : null;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(inputShapes[0].get(1), outChannels).addAll(Layers.shape(stride)));
        if (bias != null) {
            bias.setShape(new Shape(outChannels));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        int d = stride.length;
        long batch = shape.get(0);
        long inChannels = shape.get(1);
        Shape spatial = shape.slice(2);
        long block = Layers.shape(stride).size();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        // (C_out·prod(s), C_in) @ (N, C_in, voxels) -> (N, C_out·prod(s), voxels)
        NDArray columns = w.reshape(inChannels, outChannels * block).transpose()
                .matMul(x.reshape(batch, inChannels, spatial.size()));
        // (N, C_out, s_1..s_d, S_1..S_d) -> (N, C_out, S_1, s_1, ..., S_d, s_d) -> (N, C_out, S_1·s_1, ...)
        NDArray blocks = columns.reshape(new Shape(batch, outChannels).addAll(Layers.shape(stride)).addAll(spatial));
        int[] order = new int[2 + 2 * d];
        order[1] = 1;
        long[] upsampled = new long[2 + d];
        upsampled[0] = batch;
        upsampled[1] = outChannels;
        for (int i = 0; i < d; i++) {
            order[2 + 2 * i] = 2 + d + i;
            order[3 + 2 * i] = 2 + i;
            upsampled[2 + i] = spatial.get(i) * stride[i];
        }
        NDArray shuffled = blocks.transpose(order);
        NDArray y = shuffled.reshape(new Shape(upsampled));
        // the columns and their views die here, not at the end of the pass
        for (NDArray temporary : new NDArray[] {columns, blocks, shuffled}) {
            temporary.close();
        }
        if (bias != null) {
            long[] perChannel = new long[1 + d];
            Arrays.fill(perChannel, 1);
            perChannel[0] = outChannels;
            NDArray unbiased = y;
            y = y.add(parameterStore.getValue(bias, x.getDevice(), training).reshape(new Shape(perChannel)));
            unbiased.close();
        }
        return new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] out = inputShapes[0].getShape().clone();
        out[1] = outChannels;
        for (int i = 0; i < stride.length; i++) {
            out[2 + i] *= stride[i];
        }
        return new Shape[] {new Shape(out)};
    }
}
