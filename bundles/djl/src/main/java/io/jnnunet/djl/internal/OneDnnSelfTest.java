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
import io.jnnunet.djl.FullPrecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Whether oneDNN computes this machine's convolutions right: the output and the input gradient of 3x3 and 1x1
 * convolutions with a weight of ones against their closed forms, for the widths the planners make (multiples of 8,
 * from 1 or 3 input channels, to 2 or 3 classes), the cases oneDNN's AVX-512 kernels got wrong on the day of
 * docs/performance.md's finding 1. Run by {@link OneDnnIsa} in a child process with every instruction set the CPU
 * has, since oneDNN fixes its kernels at its first convolution in a process; by {@code ConvolutionGradientTest} in
 * the test's own. Where asked, it then checks oneDNN's bfloat16 kernels against float32 ({@link #bf16Verdict}).
 */
final class OneDnnSelfTest {

    /** Input and output channels, kernel size. */
    static final int[][] WIDTHS = {{8, 8, 3}, {1, 8, 3}, {3, 8, 3}, {8, 16, 3}, {16, 8, 3}, {24, 24, 3},
        {48, 24, 3}, {32, 32, 3}, {8, 3, 1}, {32, 2, 1}};
    /** float32 sums of 9 to 432 terms of order 10 agree to about 1e-5; wrong kernels were off by 0.6 to 30. */
    static final double TOLERANCE = 1e-3;
    /**
     * Input and output channels of the convolutions a bfloat16 pass runs in bfloat16: the first convolution from 1 or
     * 3 channels, whose input gradient nobody needs, and widths that are multiples of 16. oneDNN 3.7.1's bfloat16
     * kernels got other widths wrong on an AVX-512 CPU (8, 24, 40; the input gradient of every 1x1 convolution to 2 or
     * 3 classes), so the architectures run those in float32 (docs/performance.md, finding 11).
     */
    static final int[][] BF16_WIDTHS = {{1, 32}, {3, 32}, {16, 16}, {32, 32}, {32, 64}, {64, 32}, {64, 64},
        {128, 64}};
    /** ||bf16 - fp32|| / ||fp32|| of outputs and gradients: about 0.003 when right; wrong kernels, 0.1 to 0.7. */
    static final double BF16_TOLERANCE = 0.02;
    /** Some wrong results came and went from call to call with several threads. */
    private static final int REPEATS = 3;
    private static final int HEIGHT = 64;
    private static final int WIDTH = 96;

    private OneDnnSelfTest() {
    }

    /**
     * Runs every width on 1 thread and on {@code args[0]} threads, prints one line and exits 0 when all are right, 1
     * at the first that is not. With {@code args[1]} = {@code bf16} and all right, then checks bfloat16 passes the same
     * way and prints a second line, {@code bf16 right: ...} or {@code bf16 wrong: ...}; with {@code bf16-only}, only
     * that line.
     */
    public static void main(String[] args) {
        int most = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        String mode = args.length > 1 ? args[1] : "";
        Engine engine = Engine.getEngine(PyTorchComputeEngine.ENGINE);
        if (!mode.equals("bf16-only")) {
            float32Verdict(engine, most);
        }
        if (mode.startsWith("bf16")) {
            String bf16;
            try {
                bf16 = bf16Verdict(engine, most);
            } catch (RuntimeException e) {
                bf16 = "bf16 failed: " + e;
            }
            System.out.println(bf16);
        }
        System.exit(0);
    }

    /** Prints the verdict on float32 convolutions; exits 1 at the first wrong one. */
    private static void float32Verdict(Engine engine, int most) {
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
    }

    /**
     * {@code bf16 right: ...} or {@code bf16 wrong: ...} for {@link #BF16_WIDTHS} on 1 and {@code most} threads, once
     * each (2 s; three times would take 7 s of every start).
     */
    static String bf16Verdict(Engine engine, int most) {
        double worst = 0;
        for (int threads : most > 1 ? new int[] {1, most} : new int[] {1}) {
            JniUtils.setNumThreads(threads);
            for (int[] c : BF16_WIDTHS) {
                try (NDManager manager = engine.newBaseManager()) {
                    double error = bf16Error(manager, c[0], c[1]);
                    if (!(error < BF16_TOLERANCE)) {
                        return String.format(Locale.ROOT, "bf16 wrong: %d -> %d channels, %d thread(s), off by"
                                + " %.3g", c[0], c[1], threads, error);
                    }
                    worst = Math.max(worst, error);
                }
            }
        }
        return String.format(Locale.ROOT, "bf16 right: %d convolutions and products, max error %.2g",
                2 * BF16_WIDTHS.length * (most > 1 ? 2 : 1), worst);
    }

    /**
     * The largest relative difference between bfloat16 (autocast) and float32 in the output and gradients of a 3x3
     * convolution (its input gradient from 16 channels on: the first convolution's is never needed) and of a
     * transposed convolution's matrix product; {@code +Infinity} for NaN. Each is one kernel: a whole stage's input
     * gradient differs by 3-4 % in bfloat16 in PyTorch too, which would hide a wrong kernel.
     */
    static double bf16Error(NDManager m, int in, int out) {
        m.getEngine().setRandomSeed(11);
        NDArray x = m.randomNormal(new Shape(2, in, HEIGHT, WIDTH));
        NDArray weight = m.randomNormal(new Shape(out, in, 3, 3)).mul(1 / Math.sqrt(9.0 * in));
        NDArray columns = m.randomNormal(new Shape(2, out, (long) HEIGHT * WIDTH));
        NDArray up = m.randomNormal(new Shape(out, 4 * out)).mul(1 / Math.sqrt(out));
        double convolution = bf16Error(leaves -> Conv2d.conv2d(leaves[0], leaves[1], null, new Shape(1, 1),
                new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow(), in >= 16, x, weight);
        double product = bf16Error(leaves -> leaves[1].transpose().matMul(leaves[0]), true, columns, up);
        return Math.max(convolution, product);
    }

    /** The largest relative difference of an operation's output and its leaves' gradients, bfloat16 against float32. */
    private static double bf16Error(Function<NDArray[], NDArray> operation, boolean firstGradient,
            NDArray... operands) {
        NDArray[][] results = new NDArray[2][];
        for (int pass = 0; pass < 2; pass++) {
            NDArray[] leaves = new NDArray[operands.length];
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = operands[i].duplicate();
                leaves[i].setRequiresGradient(i > 0 || firstGradient);
            }
            NDArray y;
            try (GradientCollector collector = leaves[0].getManager().getEngine().newGradientCollector()) {
                try (Autocast autocast = pass == 1 ? Autocast.bf16(leaves[0].getDevice()) : null) {
                    y = operation.apply(leaves);
                }
                y = FullPrecision.toFloat32(y);
                collector.backward(y.square().mean());
            }
            List<NDArray> result = new ArrayList<>(List.of(y));
            for (int i = firstGradient ? 0 : 1; i < leaves.length; i++) {
                result.add(leaves[i].getGradient());
            }
            results[pass] = result.toArray(NDArray[]::new);
        }
        double worst = 0;
        for (int i = 0; i < results[0].length; i++) {
            double error = results[1][i].sub(results[0][i]).norm().getFloat()
                    / (double) results[0][i].norm().getFloat();
            worst = Double.isNaN(error) ? Double.POSITIVE_INFINITY : Math.max(worst, error);
        }
        return worst;
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
