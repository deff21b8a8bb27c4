package io.jnnunet.architectures.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torch's {@code InstanceNorm2d/3d} without running statistics, as nnU-Net uses it: every (sample, channel) is
 * normalised over its own spatial axes with the biased variance, then scaled by {@code weight} and shifted by
 * {@code bias} (shape (C), only when affine). The same statistics are used in training and inference.
 *
 * <p>DJL has no instance norm. Like torch's own {@code F.instance_norm}, this folds (N, C, *S) into (1, N·C, *S),
 * whose batch statistics are the instance statistics, and runs the engine's fused batch norm on it: one native op
 * forward and one backward, instead of a chain of mean, subtract, variance and divide.
 */
final class InstanceNorm extends AbstractBlock {

    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    InstanceNorm(float eps, boolean affine) {
        this.eps = eps;
        weight = affine ? addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA).build())
                : null;
        bias = affine ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA).build())
                : null;
    }

    /** The scale parameter, absent without affine. */
    Parameter weight() {
        return weight;
    }

    /** The shift parameter, absent without affine. */
    Parameter bias() {
        return bias;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        if (weight != null) {
            Shape channels = new Shape(inputShapes[0].get(1));
            weight.setShape(channels);
            bias.setShape(channels);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        if (shape.slice(2).size() < 2) {
            // torch refuses too: one value has no variance
            throw new IllegalArgumentException("InstanceNorm needs more than 1 spatial element, got input " + shape);
        }
        long samples = shape.get(0);
        Shape folded = new Shape(shape.get(0) * shape.get(1));
        NDManager manager = x.getManager();
        // float32 statistics for a bfloat16 input (autocast), as torch's mixed-precision batch norm keeps them; DJL
        // reports bfloat16 as an unknown type and cannot create arrays of it
        DataType statistics = x.getDataType() == DataType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
        NDArray gamma;
        NDArray beta;
        if (weight != null) {
            gamma = parameterStore.getValue(weight, x.getDevice(), training).tile(samples);
            beta = parameterStore.getValue(bias, x.getDevice(), training).tile(samples);
        } else {
            gamma = manager.ones(folded, statistics);
            beta = manager.zeros(folded, statistics);
        }
        // the engine wants running statistics to update; these are thrown away, training mode never reads them
        NDArray runningMean = manager.zeros(folded, statistics);
        NDArray runningVar = manager.ones(folded, statistics);
        NDArray input = x.reshape(new Shape(1).addAll(folded).addAll(shape.slice(2)));
        NDArray y = BatchNorm.batchNorm(input, runningMean, runningVar, gamma, beta, 1, 0.9f, eps, true)
                .singletonOrThrow();
        NDArray out = y.reshape(shape);
        // views and temporaries: closed now, the input's view would keep the input alive until the pass ends
        for (NDArray temporary : new NDArray[] {input, y, gamma, beta, runningMean, runningVar}) {
            temporary.close();
        }
        return new NDList(out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
