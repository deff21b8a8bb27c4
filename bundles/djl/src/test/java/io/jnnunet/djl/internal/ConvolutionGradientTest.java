package io.jnnunet.djl.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.lang.reflect.Proxy;
import org.junit.After;
import org.junit.Test;

/**
 * The input gradient of a convolution against its closed form, on 1 and 2 threads. With the engine's defaults (oneDNN
 * on AVX2 at most) for every width that is a multiple of 8 and the segmentation heads' 1x1 convolutions to 2 or 3
 * classes; with oneDNN off for any width. With oneDNN's AVX-512 kernels (its default on this project's machine) most
 * of these came out wrong by up to 30 %, sometimes NaN; on AVX2 those with widths like 4 or 12 still do.
 */
public class ConvolutionGradientTest {

    /** Input and output channels, kernel size. */
    private static final int[][] MULTIPLES_OF_8 = {{8, 8, 3}, {1, 8, 3}, {3, 8, 3}, {8, 16, 3}, {16, 8, 3},
        {24, 24, 3}, {48, 24, 3}, {32, 32, 3}, {8, 3, 1}, {32, 2, 1}};
    private static final int[][] OTHERS = {{4, 4, 3}, {12, 12, 3}, {8, 3, 3}};

    private PyTorchComputeEngine engine;

    @After
    public void close() {
        OneDnnConvolutions.enable(true);
        engine.deactivate();
    }

    @Test
    public void gradientsMatchTheirClosedForm() {
        for (int threads : new int[] {1, 2}) {
            engine = new PyTorchComputeEngine((PyTorchComputeEngine.Config) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {PyTorchComputeEngine.Config.class},
                    (proxy, method, args) -> method.getName().equals("threads") ? threads : method.getDefaultValue()));
            if (System.getProperty("os.arch").matches("amd64|x86_64") && System.getenv(OneDnnIsa.VARIABLE) == null) {
                assertEquals(OneDnnIsa.SAFE, OneDnnIsa.limit());
            }
            assertTrue("oneDNN is on", OneDnnConvolutions.enable(true));
            for (int[] c : MULTIPLES_OF_8) {
                assertRight(c, threads, "oneDNN");
            }
            assertFalse("oneDNN is off", OneDnnConvolutions.enable(false));
            for (int[] c : OTHERS) {
                assertRight(c, threads, "libtorch's own kernels");
            }
            engine.deactivate();
        }
    }

    private void assertRight(int[] c, int threads, String kernels) {
        double error = maxError(c[0], c[1], c[2]);
        assertTrue(c[0] + " -> " + c[1] + " channels, " + c[2] + "x" + c[2] + ", " + threads + " threads, "
                + kernels + ": off by " + error, error < 1e-3);
    }

    /**
     * With a weight of ones, the gradient of {@code sum(conv(x) * g)} by {@code x} is, for every input channel, the
     * {@code kernel x kernel} box sum of {@code g} summed over the output channels.
     */
    private double maxError(int in, int out, int kernel) {
        int pad = kernel / 2;
        try (NDManager m = engine.newManager(engine.defaultDevice())) {
            Engine.getInstance().setRandomSeed(7);
            NDArray x = m.randomNormal(new Shape(2, in, 64, 96));
            NDArray g = m.randomNormal(new Shape(2, out, 64, 96));
            x.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray y = Conv2d.conv2d(x, m.ones(new Shape(out, in, kernel, kernel)), m.zeros(new Shape(out)),
                        new Shape(1, 1), new Shape(pad, pad), new Shape(1, 1), 1).singletonOrThrow();
                collector.backward(y.mul(g).sum());
            }
            NDArray padded = m.zeros(new Shape(2, 64 + 2 * pad, 96 + 2 * pad), DataType.FLOAT64);
            padded.set(new NDIndex(":, " + pad + ":" + (64 + pad) + ", " + pad + ":" + (96 + pad)),
                    g.sum(new int[] {1}).toType(DataType.FLOAT64, false));
            NDArray box = m.zeros(new Shape(2, 64, 96), DataType.FLOAT64);
            for (int i = 0; i < kernel; i++) {
                for (int j = 0; j < kernel; j++) {
                    box = box.add(padded.get(":, " + i + ":" + (i + 64) + ", " + j + ":" + (j + 96)));
                }
            }
            NDArray error = x.getGradient().toType(DataType.FLOAT64, false).sub(box.expandDims(1)).abs();
            return error.isNaN().any().getBoolean() ? Double.POSITIVE_INFINITY : error.max().getDouble();
        }
    }
}
