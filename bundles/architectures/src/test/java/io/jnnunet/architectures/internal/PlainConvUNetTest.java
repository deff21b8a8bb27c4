package io.jnnunet.architectures.internal;

import static io.jnnunet.architectures.internal.TestPlans.parameterCount;
import static io.jnnunet.architectures.internal.TestPlans.pooling;
import static io.jnnunet.architectures.internal.TestPlans.square;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.network.NetworkArchitecture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class PlainConvUNetTest extends NetworkTestSupport {

    private static final int[] SMALL_FEATURES = {32, 64, 128, 256, 256};
    private static final ArchitecturePlan SMALL_2D = TestPlans.plainConvUNet(SMALL_FEATURES, square(3, 2, 5),
            pooling(2, 5));

    private final NetworkArchitecture architecture = new PlainConvUNetArchitecture();

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
     * nnU-Net's 2d plan for the cells dataset: 8 stages of two 3×3 convs, 32..512 features, 1 channel in, 2 labels.
     * Count by torch's modules: each conv k·k·c_in·c_out + c_out (bias), each InstanceNorm 2·c; per decoder stage a
     * transposed conv 2·2·c_below·c_skip + c_skip, two convs (2·c_skip → c_skip, c_skip → c_skip) with norms, and a
     * 1×1 head c_skip·2 + 2 (all seven heads exist with or without deep supervision). Encoder 18,880,608 + decoder
     * 27,439,904 + heads 4,046 = 46,324,558.
     */
    @Test
    public void cellsPlanHasNnunetsParameterCountAndRunsOnASmallPatch() {
        ArchitecturePlan plan = TestPlans.cells2d();
        int[] features = plan.archKwargs().featuresPerStage();
        long expected = expectedParameters(1, 2, features, square(3, 2, 8), pooling(2, 8), 2, 2);
        assertEquals(46_324_558L, expected);

        Block net = architecture.build(plan, 1, 2, true);
        // the smallest patch whose bottleneck (1/128) keeps more than one value per channel, as InstanceNorm needs
        List<Shape> outputs = new ArrayList<>();
        for (int size = 128; size >= 2; size /= 2) {
            outputs.add(new Shape(2, 2, size, 2 * size));
        }
        assertArrayEquals(outputs.toArray(Shape[]::new), forward(net, new Shape(2, 1, 128, 256)).getShapes());
        assertEquals(expected, parameterCount(net));
    }

    @Test
    public void anisotropic3dPlanKeepsShapes() {
        ArchitecturePlan plan = TestPlans.plainConvUNet(new int[] {8, 16, 32, 64},
                new int[][] {{1, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}},
                new int[][] {{1, 1, 1}, {1, 2, 2}, {2, 2, 2}, {2, 2, 2}});
        Block net = architecture.build(plan, 2, 3, true);
        assertArrayEquals(shapes(new Shape(2, 3, 16, 32, 32), new Shape(2, 3, 16, 16, 16), new Shape(2, 3, 8, 8, 8)),
                forward(net, new Shape(2, 2, 16, 32, 32)).getShapes());
        assertEquals(expectedParameters(2, 3, new int[] {8, 16, 32, 64},
                new int[][] {{1, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}},
                new int[][] {{1, 1, 1}, {1, 2, 2}, {2, 2, 2}, {2, 2, 2}}, 2, 2), parameterCount(net));
    }

    @Test
    public void trainingStepGivesFiniteGradientsForEveryParameter() {
        ArchitecturePlan plan = TestPlans.plainConvUNet(new int[] {8, 16, 32, 32}, square(3, 2, 4), pooling(2, 4));
        assertFiniteGradients(architecture.build(plan, 1, 2, true), new Shape(2, 1, 32, 32));
    }

    @Test
    public void parametersCarryNnunetsStateDictKeysAndShapes() {
        int[] f = {4, 8, 16};
        ArchitecturePlan plan = TestPlans.plainConvUNet(f, square(3, 2, 3), pooling(2, 3));
        Block net = architecture.build(plan, 1, 2, true);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16, 16));

        Map<String, String> expected = new LinkedHashMap<>();
        int in = 1;
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 2; i++) {
                unit(expected, "encoder.stages." + s + ".0.convs." + i + ".", i == 0 ? in : f[s], f[s], 3);
            }
            in = f[s];
        }
        for (int d = 0; d < 2; d++) {
            int skip = f[1 - d];
            unit(expected, "decoder.stages." + d + ".convs.0.", 2 * skip, skip, 3);
            unit(expected, "decoder.stages." + d + ".convs.1.", skip, skip, 3);
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

    /** InitWeights_He(1e-2): conv and transposed-conv weights N(0, 2 / (1 + 1e-4) / fan_in), biases 0, norms 1, 0. */
    @Test
    public void initialisesAsInitWeightsHe() {
        Block net = architecture.build(SMALL_2D, 1, 2, false);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 64, 64));
        Map<String, Parameter> params = TestPlans.stateDict(net);
        // 256·256·3·3 and, for the transposed conv (256 in, 256 out, 2×2), fan_in = 256·2·2 as torch counts it
        assertStd(params.get("encoder.stages.4.0.convs.1.conv.weight").getArray(), 256 * 9);
        assertStd(params.get("decoder.transpconvs.0.weight").getArray(), 256 * 4);
        params.forEach((key, p) -> {
            NDArray array = p.getArray();
            if (key.endsWith("bias")) {
                assertEquals(key, 0f, array.abs().max().getFloat(), 0f);
            } else if (key.endsWith("norm.weight")) {
                assertEquals(key, 1f, array.min().getFloat(), 0f);
                assertEquals(key, 1f, array.max().getFloat(), 0f);
            }
        });
    }

    @Test
    public void refusesAPatchThatLeavesOneValuePerChannel() {
        Block net = architecture.build(TestPlans.cells2d(), 1, 2, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> forward(net, new Shape(1, 1, 128, 128)));
        assertTrue(e.getMessage(), e.getMessage().contains("more than 1 spatial element"));
    }

    @Test
    public void buildsANewNetworkEveryCall() {
        assertNotSame(architecture.build(SMALL_2D, 1, 2, true), architecture.build(SMALL_2D, 1, 2, true));
        assertEquals("PlainConvUNet", architecture.name());
    }

    private static void assertStd(NDArray weight, long fanIn) {
        double expected = Math.sqrt(2 / (1 + 1e-4) / fanIn);
        assertEquals(0, weight.mean().getFloat(), expected * 0.01);
        assertEquals(expected, Math.sqrt(weight.square().mean().getFloat()), expected * 0.01);
    }

    /** Keys of one ConvDropoutNormReLU: conv weight and bias, InstanceNorm weight and bias. */
    private static void unit(Map<String, String> keys, String prefix, int in, int out, int k) {
        keys.put(prefix + "conv.weight", new Shape(out, in, k, k).toString());
        keys.put(prefix + "conv.bias", new Shape(out).toString());
        keys.put(prefix + "norm.weight", new Shape(out).toString());
        keys.put(prefix + "norm.bias", new Shape(out).toString());
    }

    /** Parameters of torch's PlainConvUNet with conv_bias and affine InstanceNorm, counted from its modules. */
    static long expectedParameters(int in, int out, int[] f, int[][] kernels, int[][] strides, int nConv,
            int nConvDecoder) {
        int n = f.length;
        long count = 0;
        int channels = in;
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < nConv; i++) {
                count += convWithNorm(i == 0 ? channels : f[s], f[s], volume(kernels[s]));
            }
            channels = f[s];
        }
        for (int d = 0; d < n - 1; d++) {
            int skip = f[n - 2 - d];
            count += (long) f[n - 1 - d] * skip * volume(strides[n - 1 - d]) + skip;
            for (int i = 0; i < nConvDecoder; i++) {
                count += convWithNorm(i == 0 ? 2 * skip : skip, skip, volume(kernels[n - 2 - d]));
            }
            count += (long) skip * out + out;
        }
        return count;
    }

    static long convWithNorm(int in, int out, long kernelVolume) {
        return kernelVolume * in * out + out + 2L * out;
    }

    static long volume(int[] extent) {
        long v = 1;
        for (int e : extent) {
            v *= e;
        }
        return v;
    }
}
