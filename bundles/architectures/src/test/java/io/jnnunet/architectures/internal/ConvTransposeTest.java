package io.jnnunet.architectures.internal;

import static io.jnnunet.architectures.internal.TestArrays.assertClose;
import static io.jnnunet.architectures.internal.TestArrays.gaussians;
import static org.junit.Assert.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.Test;

public class ConvTransposeTest extends NetworkTestSupport {

    @Test
    public void matchesTorchsDefinitionWithAnisotropicStride2d() {
        check(new Shape(2, 3, 4, 5), 4, new int[] {1, 2});
    }

    @Test
    public void matchesTorchsDefinitionWithAnisotropicStride3d() {
        check(new Shape(2, 3, 2, 3, 2), 2, new int[] {2, 1, 2});
    }

    /**
     * torch's ConvTranspose with kernel = stride: y[n, o, i·s + a, ...] = Σ_c x[n, c, i, ...] · w[c, o, a, ...] + b[o];
     * and for the loss Σ y·g, dL/dx[n, c, i, ...] = Σ_{o, a, ...} g[n, o, i·s + a, ...] · w[c, o, a, ...].
     */
    private void check(Shape inShape, int outChannels, int[] stride) {
        Random random = new Random(7);
        int n = (int) inShape.get(0);
        int cin = (int) inShape.get(1);
        int d = stride.length;
        long[] inSpatial = inShape.slice(2).getShape();
        long[] outSpatial = new long[d];
        for (int i = 0; i < d; i++) {
            outSpatial[i] = inSpatial[i] * stride[i];
        }
        int block = (int) Layers.shape(stride).size();
        float[] x = gaussians(random, (int) inShape.size());
        float[] w = gaussians(random, cin * outChannels * block);
        float[] b = gaussians(random, outChannels);
        Shape outShape = new Shape(n, outChannels).addAll(new Shape(outSpatial));
        float[] g = gaussians(random, (int) outShape.size());

        ConvTranspose transp = new ConvTranspose(outChannels, stride, true);
        transp.setInitializer((m, s, t) -> m.create(w, s), p -> p.getName().equals("weight"));
        transp.setInitializer((m, s, t) -> m.create(b, s), p -> p.getName().equals("bias"));
        transp.initialize(manager, DataType.FLOAT32, inShape);
        assertEquals(new Shape(cin, outChannels).addAll(Layers.shape(stride)),
                transp.getParameters().get("weight").getArray().getShape());
        assertEquals(outShape, transp.getOutputShapes(new Shape[] {inShape})[0]);

        NDArray input = manager.create(x, inShape);
        input.setRequiresGradient(true);
        NDArray out;
        try (GradientCollector collector = ENGINE.newGradientCollector()) {
            out = transp.forward(new ParameterStore(manager, false), new NDList(input), true).singletonOrThrow();
            collector.backward(out.mul(manager.create(g, outShape)).sum());
        }
        assertEquals(outShape, out.getShape());

        double[] expected = new double[g.length];
        double[] dx = new double[x.length];
        int inVoxels = (int) new Shape(inSpatial).size();
        int[] pos = new int[d];
        for (int sample = 0; sample < n; sample++) {
            for (int v = 0; v < inVoxels; v++) {
                unravel(v, inSpatial, pos);
                for (int o = 0; o < outChannels; o++) {
                    for (int a = 0; a < block; a++) {
                        int[] offset = new int[d];
                        unravel(a, Layers.shape(stride).getShape(), offset);
                        long flat = 0;
                        for (int i = 0; i < d; i++) {
                            flat = flat * outSpatial[i] + (long) pos[i] * stride[i] + offset[i];
                        }
                        int yIndex = (int) ((sample * outChannels + o) * new Shape(outSpatial).size() + flat);
                        expected[yIndex] = b[o];
                        for (int c = 0; c < cin; c++) {
                            double weight = w[(c * outChannels + o) * block + a];
                            expected[yIndex] += x[(sample * cin + c) * inVoxels + v] * weight;
                            dx[(sample * cin + c) * inVoxels + v] += g[yIndex] * weight;
                        }
                    }
                }
            }
        }
        assertClose("output", expected, out.toFloatArray());
        assertClose("d input", dx, input.getGradient().toFloatArray());
    }

    private static void unravel(long index, long[] dims, int[] position) {
        for (int i = dims.length - 1; i >= 0; i--) {
            position[i] = (int) (index % dims[i]);
            index /= dims[i];
        }
    }
}
