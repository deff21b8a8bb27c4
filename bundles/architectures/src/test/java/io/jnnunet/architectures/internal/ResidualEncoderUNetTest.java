package io.jnnunet.architectures.internal;

import static io.jnnunet.architectures.internal.PlainConvUNetTest.convWithNorm;
import static io.jnnunet.architectures.internal.PlainConvUNetTest.volume;
import static io.jnnunet.architectures.internal.TestPlans.parameterCount;
import static io.jnnunet.architectures.internal.TestPlans.pooling;
import static io.jnnunet.architectures.internal.TestPlans.square;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.network.NetworkArchitecture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class ResidualEncoderUNetTest extends NetworkTestSupport {

    private static final ArchitecturePlan SMALL_2D = TestPlans.residualEncoderUNet(new int[] {8, 16, 32, 64, 64},
            square(3, 2, 5), pooling(2, 5));

    private final NetworkArchitecture architecture = new ResidualEncoderUNetArchitecture();

    @Test
    public void deepSupervisionOutputsEveryDecoderResolutionFullFirst() {
        Block net = architecture.build(SMALL_2D, 1, 2, true);
        assertArrayEquals(shapes(new Shape(2, 2, 64, 64), new Shape(2, 2, 32, 32), new Shape(2, 2, 16, 16),
                new Shape(2, 2, 8, 8)), forward(net, new Shape(2, 1, 64, 64)).getShapes());
    }

    @Test
    public void withoutDeepSupervisionOutputsOnlyFullResolution() {
        Block net = architecture.build(SMALL_2D, 1, 2, false);
        assertArrayEquals(shapes(new Shape(2, 2, 64, 64)), forward(net, new Shape(2, 1, 64, 64)).getShapes());
    }

    /**
     * The cells 2d topology (8 stages, 32..512) as the ResEnc planner builds it: blocks (1, 3, 4, 6, 6, 6, 6, 6), one
     * unit per decoder stage. Counted from torch's modules: stem conv + norm; per BasicBlockD two k×k convs with bias
     * and norms, plus a 1×1 conv without bias and a norm where the channels change; decoder as PlainConvUNet's with one
     * unit: encoder 120,440,384 + decoder 19,572,608 + heads 4,046 = 140,017,038.
     */
    @Test
    public void cellsTopologyHasNnunetsParameterCount() {
        int[] features = {32, 64, 128, 256, 512, 512, 512, 512};
        long expected = expectedParameters(1, 2, features, square(3, 2, 8), pooling(2, 8));
        assertEquals(140_017_038L, expected);
        Block net = architecture.build(TestPlans.residualEncoderUNet(features, square(3, 2, 8), pooling(2, 8)), 1, 2,
                true);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 256, 256));
        assertEquals(expected, parameterCount(net));
    }

    @Test
    public void trainingStepGivesFiniteGradientsForEveryParameter3d() {
        ArchitecturePlan plan = TestPlans.residualEncoderUNet(new int[] {8, 16, 32},
                new int[][] {{1, 3, 3}, {3, 3, 3}, {3, 3, 3}}, new int[][] {{1, 1, 1}, {1, 2, 2}, {2, 2, 2}});
        Block net = architecture.build(plan, 1, 2, true);
        assertFiniteGradients(net, new Shape(2, 1, 8, 16, 16));
        assertArrayEquals(shapes(new Shape(2, 2, 8, 16, 16), new Shape(2, 2, 8, 8, 8)),
                net.getOutputShapes(shapes(new Shape(2, 1, 8, 16, 16))));
    }

    @Test
    public void parametersCarryNnunetsStateDictKeysAndShapes() {
        int[] f = {4, 8, 16};
        Block net = architecture.build(TestPlans.residualEncoderUNet(f, square(3, 2, 3), pooling(2, 3)), 1, 2, true);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16, 16));

        Map<String, String> expected = new LinkedHashMap<>();
        unit(expected, "encoder.stem.convs.0.", 1, 4, 3, true);
        int[] blocks = {1, 3, 4};
        for (int s = 0; s < 3; s++) {
            for (int b = 0; b < blocks[s]; b++) {
                String prefix = "encoder.stages." + s + ".blocks." + b + ".";
                int in = b == 0 ? f[Math.max(s - 1, 0)] : f[s];
                unit(expected, prefix + "conv1.", in, f[s], 3, true);
                unit(expected, prefix + "conv2.", f[s], f[s], 3, true);
                if (in != f[s]) {
                    // stage 0 keeps its stride 1, so its projection would be skip.0; here every one is pooled
                    unit(expected, prefix + "skip.1.", in, f[s], 1, false);
                }
            }
        }
        for (int d = 0; d < 2; d++) {
            unit(expected, "decoder.stages." + d + ".convs.0.", 2 * f[1 - d], f[1 - d], 3, true);
        }
        for (int d = 0; d < 2; d++) {
            expected.put("decoder.transpconvs." + d + ".weight", new Shape(f[2 - d], f[1 - d], 2, 2).toString());
            expected.put("decoder.transpconvs." + d + ".bias", new Shape(f[1 - d]).toString());
        }
        for (int d = 0; d < 2; d++) {
            expected.put("decoder.seg_layers." + d + ".weight", new Shape(2, f[1 - d], 1, 1).toString());
            expected.put("decoder.seg_layers." + d + ".bias", new Shape(2).toString());
        }
        assertEquals(new ArrayList<>(expected.entrySet()),
                new ArrayList<>(TestPlans.shapes(TestPlans.stateDict(net)).entrySet()));
    }

    /** init_last_bn_before_add_to_0: every block's residual branch starts at zero; other norms at 1 and 0. */
    @Test
    public void residualBranchesStartAtZero() {
        Block net = architecture.build(SMALL_2D, 1, 2, true);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 64, 64));
        Map<String, Parameter> params = TestPlans.stateDict(net);
        params.forEach((key, p) -> {
            if (key.contains(".conv2.norm.")) {
                assertEquals(key, 0f, p.getArray().abs().max().getFloat(), 0f);
            } else if (key.endsWith("norm.weight")) {
                assertEquals(key, 1f, p.getArray().min().getFloat(), 0f);
            }
        });
    }

    @Test
    public void buildsANewNetworkEveryCall() {
        assertNotSame(architecture.build(SMALL_2D, 1, 2, true), architecture.build(SMALL_2D, 1, 2, true));
        assertEquals("ResidualEncoderUNet", architecture.name());
    }

    private static void unit(Map<String, String> keys, String prefix, int in, int out, int k, boolean bias) {
        keys.put(prefix + "conv.weight", new Shape(out, in, k, k).toString());
        if (bias) {
            keys.put(prefix + "conv.bias", new Shape(out).toString());
        }
        keys.put(prefix + "norm.weight", new Shape(out).toString());
        keys.put(prefix + "norm.bias", new Shape(out).toString());
    }

    /** Parameters of torch's ResidualEncoderUNet (BasicBlockD, conv_bias, affine norms, ResEnc block counts). */
    private static long expectedParameters(int in, int out, int[] f, int[][] kernels, int[][] strides) {
        int n = f.length;
        int[] blocks = {1, 3, 4, 6, 6, 6, 6, 6};
        long count = convWithNorm(in, f[0], volume(kernels[0]));
        for (int s = 0; s < n; s++) {
            for (int b = 0; b < blocks[s]; b++) {
                int channels = b == 0 ? f[Math.max(s - 1, 0)] : f[s];
                count += convWithNorm(channels, f[s], volume(kernels[s]));
                count += convWithNorm(f[s], f[s], volume(kernels[s]));
                if (channels != f[s]) {
                    count += (long) channels * f[s] + 2L * f[s];
                }
            }
        }
        for (int d = 0; d < n - 1; d++) {
            int skip = f[n - 2 - d];
            count += (long) f[n - 1 - d] * skip * volume(strides[n - 1 - d]) + skip;
            count += convWithNorm(2 * skip, skip, volume(kernels[n - 2 - d]));
            count += (long) skip * out + out;
        }
        return count;
    }
}
