package io.jnnunet.djl.internal;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Locale;

/**
 * Whether oneDNN computes this machine's convolutions right: the output and the input gradient of 3x3 and 1x1
 * convolutions with a weight of ones against their closed forms, for the widths the planners make (multiples of 8,
 * from 1 or 3 input channels, to 2 or 3 classes), the cases oneDNN's AVX-512 kernels got wrong on the day of
 * docs/performance.md's finding 1. Run by {@link OneDnnIsa} in a child process with every instruction set the CPU
 * has, since oneDNN fixes its kernels at its first convolution in a process; by {@code ConvolutionGradientTest} in
 * the test's own.
 */
final class OneDnnSelfTest {

    /** Input and output channels, kernel size. */
    static final int[][] WIDTHS = {{8, 8, 3}, {1, 8, 3}, {3, 8, 3}, {8, 16, 3}, {16, 8, 3}, {24, 24, 3},
        {48, 24, 3}, {32, 32, 3}, {8, 3, 1}, {32, 2, 1}};
    /** float32 sums of 9 to 432 terms of order 10 agree to about 1e-5; wrong kernels were off by 0.6 to 30. */
    static final double TOLERANCE = 1e-3;
    /** Some wrong results came and went from call to call with several threads. */
    private static final int REPEATS = 3;
    private static final int HEIGHT = 64;
    private static final int WIDTH = 96;

    private OneDnnSelfTest() {
    }

    /**
     * Runs every width on 1 thread and on {@code args[0]} threads, prints one line and exits 0 when all are right, 1
     * at the first that is not.
     */
    public static void main(String[] args) {
        int most = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        Engine engine = Engine.getEngine(PyTorchComputeEngine.ENGINE);
        double worst = 0;
        for (int threads : most > 1 ? new int[] {1, most} : new int[] {1}) {
            JniUtils.setNumThreads(threads);
            for (int repeat = 0; repeat < REPEATS; repeat++) {
                for (int[] c : WIDTHS) {
                    try (NDManager manager = engine.newBaseManager()) {
                        double error = maxError(manager, c[0], c[1], c[2]);
                        if (!(error < TOLERANCE)) {
                            System.out.println(String.format(Locale.ROOT, "wrong: %d -> %d channels, %dx%d, %d"
                                    + " thread(s), off by %.3g", c[0], c[1], c[2], c[2], threads, error));
                            System.exit(1);
                        }
                        worst = Math.max(worst, error);
                    }
                }
            }
        }
        System.out.println(String.format(Locale.ROOT, "right: %d convolutions, max error %.2g",
                WIDTHS.length * REPEATS * (most > 1 ? 2 : 1), worst));
        System.exit(0);
    }

    /**
     * The larger error of a convolution's output and of its input gradient, {@code +Infinity} for NaN. With a weight
     * of ones and no bias, each output channel is the {@code kernel x kernel} box sum of the input summed over its
     * channels, and the gradient of {@code sum(conv(x) * g)} by each input channel the box sum of {@code g} summed over
     * the output channels.
     */
    static double maxError(NDManager m, int in, int out, int kernel) {
        int pad = kernel / 2;
        m.getEngine().setRandomSeed(7);
        NDArray x = m.randomNormal(new Shape(2, in, HEIGHT, WIDTH));
        NDArray g = m.randomNormal(new Shape(2, out, HEIGHT, WIDTH));
        x.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector collector = m.getEngine().newGradientCollector()) {
            y = Conv2d.conv2d(x, m.ones(new Shape(out, in, kernel, kernel)), m.zeros(new Shape(out)),
                    new Shape(1, 1), new Shape(pad, pad), new Shape(1, 1), 1).singletonOrThrow();
            collector.backward(y.mul(g).sum());
        }
        return Math.max(error(y, boxSumOverChannels(x.stopGradient(), kernel)),
                error(x.getGradient(), boxSumOverChannels(g, kernel)));
    }

    /** (b, c, h, w) to (b, 1, h, w) in float64: the channels' sum, box-summed with zero padding. */
    private static NDArray boxSumOverChannels(NDArray t, int kernel) {
        int pad = kernel / 2;
        NDManager m = t.getManager();
        NDArray padded = m.zeros(new Shape(2, HEIGHT + 2 * pad, WIDTH + 2 * pad), DataType.FLOAT64);
        padded.set(new NDIndex(":, " + pad + ":" + (HEIGHT + pad) + ", " + pad + ":" + (WIDTH + pad)),
                t.sum(new int[] {1}).toType(DataType.FLOAT64, false));
        NDArray box = m.zeros(new Shape(2, HEIGHT, WIDTH), DataType.FLOAT64);
        for (int i = 0; i < kernel; i++) {
            for (int j = 0; j < kernel; j++) {
                box = box.add(padded.get(":, " + i + ":" + (i + HEIGHT) + ", " + j + ":" + (j + WIDTH)));
            }
        }
        return box.expandDims(1);
    }

    private static double error(NDArray actual, NDArray expected) {
        NDArray error = actual.toType(DataType.FLOAT64, false).sub(expected).abs();
        return error.isNaN().any().getBoolean() ? Double.POSITIVE_INFINITY : error.max().getDouble();
    }
}
