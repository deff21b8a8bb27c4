package io.jnnunet.architectures.internal;

import static io.jnnunet.architectures.internal.TestArrays.assertClose;
import static io.jnnunet.architectures.internal.TestArrays.gaussians;
import static io.jnnunet.architectures.internal.TestArrays.ones;
import static org.junit.Assert.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.Test;

public class InstanceNormTest extends NetworkTestSupport {

    @Test
    public void forwardAndGradientsMatchFloat64Reference2d() {
        checkAgainstReference(new Shape(3, 4, 7, 9), true);
    }

    @Test
    public void forwardAndGradientsMatchFloat64Reference3d() {
        checkAgainstReference(new Shape(2, 3, 4, 5, 6), true);
    }

    @Test
    public void withoutAffineOnlyNormalises() {
        checkAgainstReference(new Shape(2, 3, 5, 5), false);
    }

    @Test
    public void startsAtWeightOneBiasZero() {
        InstanceNorm norm = new InstanceNorm(1e-5f, true);
        norm.initialize(manager, DataType.FLOAT32, new Shape(2, 5, 4, 4));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1}, norm.weight().getArray().toFloatArray(), 0);
        assertArrayEquals(new float[5], norm.bias().getArray().toFloatArray(), 0);
    }

    private void checkAgainstReference(Shape shape, boolean affine) {
        Random random = new Random(42);
        int n = (int) shape.get(0);
        int c = (int) shape.get(1);
        int voxels = (int) (shape.size() / n / c);
        float[] x = new float[(int) shape.size()];
        for (int i = 0; i < x.length; i++) {
            // an offset and scale of its own per value, so the statistics matter
            x[i] = (float) (3 + 2 * random.nextGaussian());
        }
        float[] upstream = gaussians(random, x.length);
        float[] w = affine ? gaussians(random, c) : ones(c);
        float[] b = affine ? gaussians(random, c) : new float[c];

        InstanceNorm norm = new InstanceNorm(1e-5f, affine);
        if (affine) {
            norm.setInitializer((m, s, t) -> m.create(w, s), p -> p.getName().equals("weight"));
            norm.setInitializer((m, s, t) -> m.create(b, s), p -> p.getName().equals("bias"));
        }
        norm.initialize(manager, DataType.FLOAT32, shape);
        NDArray input = manager.create(x, shape);
        input.setRequiresGradient(true);
        float[] y;
        try (GradientCollector collector = ENGINE.newGradientCollector()) {
            NDArray out = norm.forward(new ParameterStore(manager, false), new NDList(input), true)
                    .singletonOrThrow();
            y = out.toFloatArray();
            collector.backward(out.mul(manager.create(upstream, shape)).sum());
        }

        double[] yRef = new double[x.length];
        double[] dxRef = new double[x.length];
        double[] dwRef = new double[c];
        double[] dbRef = new double[c];
        for (int sample = 0; sample < n; sample++) {
            for (int ch = 0; ch < c; ch++) {
                int offset = (sample * c + ch) * voxels;
                double mean = 0;
                for (int v = 0; v < voxels; v++) {
                    mean += x[offset + v];
                }
                mean /= voxels;
                double var = 0;
                for (int v = 0; v < voxels; v++) {
                    var += (x[offset + v] - mean) * (x[offset + v] - mean);
                }
                double sigma = Math.sqrt(var / voxels + 1e-5);
                double meanG = 0;
                double meanGxhat = 0;
                for (int v = 0; v < voxels; v++) {
                    double xhat = (x[offset + v] - mean) / sigma;
                    yRef[offset + v] = xhat * w[ch] + b[ch];
                    meanG += upstream[offset + v] / voxels;
                    meanGxhat += upstream[offset + v] * xhat / voxels;
                    dwRef[ch] += upstream[offset + v] * xhat;
                    dbRef[ch] += upstream[offset + v];
                }
                for (int v = 0; v < voxels; v++) {
                    double xhat = (x[offset + v] - mean) / sigma;
                    dxRef[offset + v] = w[ch] / sigma * (upstream[offset + v] - meanG - xhat * meanGxhat);
                }
            }
        }
        assertClose("output", yRef, y);
        assertClose("d input", dxRef, input.getGradient().toFloatArray());
        if (affine) {
            assertClose("d weight", dwRef, norm.weight().getArray().getGradient().toFloatArray());
            assertClose("d bias", dbRef, norm.bias().getArray().getGradient().toFloatArray());
        }
    }
}
