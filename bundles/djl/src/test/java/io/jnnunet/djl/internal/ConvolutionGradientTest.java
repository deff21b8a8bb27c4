package io.jnnunet.djl.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * The output and input gradient of a convolution against their closed forms ({@link OneDnnSelfTest}), on 1 and 2
 * threads: with oneDNN as the build runs it ({@code ONEDNN_MAX_CPU_ISA=AVX2}, as the engine caps it where its
 * self-test fails) for every width that is a multiple of 8 and the segmentation heads' 1x1 convolutions to 2 or 3
 * classes; with oneDNN off for any width. On the day of docs/performance.md's finding 1 oneDNN's AVX-512 kernels got
 * most of these wrong by up to 30 %, sometimes NaN, and on AVX2 those with widths like 4 or 12 still. And the
 * self-test itself, in a child JVM as the engine runs it, with every instruction set.
 */
public class ConvolutionGradientTest {

    private static final int[][] OTHERS = {{4, 4, 3}, {12, 12, 3}, {8, 3, 3}};

    private PyTorchComputeEngine engine;

    @After
    public void close() {
        if (engine != null) {
            OneDnnConvolutions.enable(true);
            engine.deactivate();
        }
    }

    @Test
    public void convolutionsMatchTheirClosedForm() {
        for (int threads : new int[] {1, 2}) {
            engine = new PyTorchComputeEngine((PyTorchComputeEngine.Config) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {PyTorchComputeEngine.Config.class},
                    (proxy, method, args) -> method.getName().equals("threads") ? threads : method.getDefaultValue()));
            assertTrue("oneDNN is on", OneDnnConvolutions.enable(true));
            for (int[] c : OneDnnSelfTest.WIDTHS) {
                assertRight(c, threads, "oneDNN");
            }
            assertFalse("oneDNN is off", OneDnnConvolutions.enable(false));
            for (int[] c : OTHERS) {
                assertRight(c, threads, "libtorch's own kernels");
            }
            engine.deactivate();
        }
    }

    /**
     * The engine's child JVM starts, loads libtorch with every instruction set and gives a verdict, and one on
     * bfloat16 passes when the float32 convolutions are right.
     */
    @Test
    public void selfTestRunsInAChildJvm() throws Exception {
        List<String> verdict = OneDnnIsa.selfTest(OneDnnIsa.ALL, "bf16");
        assertTrue(verdict.toString(),
                verdict.get(0).matches("(right: \\d+ convolutions|wrong: \\d+ -> \\d+ channels).*"));
        if (verdict.get(0).startsWith("right")) {
            assertEquals(verdict.toString(), 2, verdict.size());
            assertTrue(verdict.toString(),
                    verdict.get(1).matches("bf16 (right: \\d+ convolutions|wrong: \\d+ -> \\d+ channels).*"));
        }
    }

    private void assertRight(int[] c, int threads, String kernels) {
        double error;
        try (NDManager manager = engine.newManager(engine.defaultDevice())) {
            error = OneDnnSelfTest.maxError(manager, c[0], c[1], c[2]);
        }
        assertTrue(c[0] + " -> " + c[1] + " channels, " + c[2] + "x" + c[2] + ", " + threads + " threads, "
                + kernels + ": off by " + error, error < OneDnnSelfTest.TOLERANCE);
    }
}
