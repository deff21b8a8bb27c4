package io.jnnunet.architectures.internal;

import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.api.ArchitecturePlan.ArchKwargs;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * The {@code arch_kwargs} of a U-Net plan, checked against each other: what dynamic-network-architectures asserts (a
 * list per stage, one decoder entry less) and what it leaves to torch to fail on later (a {@code Conv3d} with 2-D
 * kernels, an unknown norm or nonlinearity). Anything this port cannot build is refused here, naming the key.
 *
 * @param encoderDepths {@code n_conv_per_stage} (PlainConvUNet) or {@code n_blocks_per_stage} (ResidualEncoderUNet)
 */
record UNetConfig(int dimensions, int[] features, int[][] kernelSizes, int[][] strides, int[] encoderDepths,
        int[] nConvPerStageDecoder, boolean convBias, float normEps, boolean normAffine, float negativeSlope) {

    /** PyTorch's defaults for InstanceNorm and LeakyReLU, used when the kwargs leave them out. */
    private static final double DEFAULT_EPS = 1e-5;
    private static final double DEFAULT_NEGATIVE_SLOPE = 1e-2;

    int nStages() {
        return features.length;
    }

    /** A stride or kernel of 1 along every axis. */
    int[] ones() {
        int[] ones = new int[dimensions];
        Arrays.fill(ones, 1);
        return ones;
    }

    /**
     * Reads the plan of the named network.
     *
     * @param encoderDepthKey the key of the per-stage encoder depth, read by {@code encoderDepth}
     * @throws IllegalArgumentException naming the key and value that are missing or inconsistent
     */
    static UNetConfig of(ArchitecturePlan plan, String networkName, String encoderDepthKey,
            Function<ArchKwargs, int[]> encoderDepth) {
        if (plan == null || plan.networkClassName() == null || !networkName.equals(plan.name())) {
            throw new IllegalArgumentException("network_class_name " + (plan == null ? null : plan.networkClassName())
                    + " is not a " + networkName);
        }
        ArchKwargs kwargs = plan.archKwargs();
        if (kwargs == null) {
            throw new IllegalArgumentException("arch_kwargs is missing");
        }
        int nStages = kwargs.nStages();
        if (nStages < 2) {
            throw new IllegalArgumentException("n_stages=" + nStages + ": a U-Net needs at least 2 stages");
        }
        int[] features = positives("features_per_stage", kwargs.featuresPerStage(), nStages);
        if (Arrays.stream(features).anyMatch(f -> f % 8 != 0)) {
            LoggerFactory.getLogger(UNetConfig.class).warn("features_per_stage {}: oneDNN's convolution kernels in"
                    + " this libtorch compute widths that are not a multiple of 8 wrongly (docs/performance.md); set"
                    + " onednn = false in etc/io.jnnunet.engine.cfg to train or predict this network",
                    Arrays.toString(features));
        }
        int[][] kernelSizes = perAxis("kernel_sizes", kwargs.kernelSizes(), nStages);
        int dimensions = kernelSizes[0].length;
        int[][] strides = perAxis("strides", kwargs.strides(), nStages);
        if (strides[0].length != dimensions) {
            throw new IllegalArgumentException("strides=" + Arrays.deepToString(strides) + " has " + strides[0].length
                    + " axes, kernel_sizes " + dimensions);
        }
        int[] depths = positives(encoderDepthKey, encoderDepth.apply(kwargs), nStages);
        int[] decoderDepths = positives("n_conv_per_stage_decoder", kwargs.nConvPerStageDecoder(), nStages - 1);

        String axes = " with kernel_sizes of " + dimensions + " axes";
        requireOp("conv_op", kwargs.convOp(), "Conv" + dimensions + "d", axes);
        requireOp("norm_op", kwargs.normOp(), "InstanceNorm" + dimensions + "d", axes);
        if (kwargs.dropoutOp() != null) {
            throw new IllegalArgumentException("dropout_op " + kwargs.dropoutOp()
                    + " is not supported; nnU-Net's planners never set one");
        }
        requireOp("nonlin", kwargs.nonlin(), "LeakyReLU", "");

        Map<String, Object> normKwargs = kwargs.normOpKwargs() == null ? Map.of() : kwargs.normOpKwargs();
        rejectOthers("norm_op_kwargs", normKwargs, "eps", "affine");
        Map<String, Object> nonlinKwargs = kwargs.nonlinKwargs() == null ? Map.of() : kwargs.nonlinKwargs();
        // inplace only saves memory in PyTorch; the result is the same
        rejectOthers("nonlin_kwargs", nonlinKwargs, "negative_slope", "inplace");

        return new UNetConfig(dimensions, features, kernelSizes, strides, depths, decoderDepths, kwargs.convBias(),
                (float) number("norm_op_kwargs.eps", normKwargs.getOrDefault("eps", DEFAULT_EPS)),
                bool("norm_op_kwargs.affine", normKwargs.getOrDefault("affine", Boolean.FALSE)),
                (float) number("nonlin_kwargs.negative_slope",
                        nonlinKwargs.getOrDefault("negative_slope", DEFAULT_NEGATIVE_SLOPE)));
    }

    private static int[] positives(String key, int[] values, int expectedLength) {
        if (values == null) {
            throw new IllegalArgumentException(key + " is missing");
        }
        if (values.length != expectedLength) {
            throw new IllegalArgumentException(key + "=" + Arrays.toString(values) + " has " + values.length
                    + " entries, expected " + expectedLength);
        }
        for (int value : values) {
            if (value < 1) {
                throw new IllegalArgumentException(key + "=" + Arrays.toString(values) + " holds " + value);
            }
        }
        return values.clone();
    }

    /** One entry per stage, each with 2 or 3 axes, all alike. */
    private static int[][] perAxis(String key, int[][] values, int nStages) {
        if (values == null) {
            throw new IllegalArgumentException(key + " is missing");
        }
        String text = Arrays.deepToString(values);
        if (values.length != nStages) {
            throw new IllegalArgumentException(key + "=" + text + " has " + values.length + " entries, but n_stages is "
                    + nStages);
        }
        int[][] copy = new int[nStages][];
        for (int s = 0; s < nStages; s++) {
            if (values[s] == null || values[s].length < 2 || values[s].length > 3
                    || values[s].length != values[0].length) {
                throw new IllegalArgumentException(key + "=" + text + ": every entry needs the same 2 or 3 axes");
            }
            copy[s] = positives(key + "[" + s + "]", values[s], values[s].length);
        }
        return copy;
    }

    /** Plans name torch classes by module path ({@code torch.nn.modules.conv.Conv2d}); the class name decides. */
    private static void requireOp(String key, String value, String className, String context) {
        if (value == null) {
            throw new IllegalArgumentException(key + " is missing");
        }
        if (!className.equals(value.substring(value.lastIndexOf('.') + 1))) {
            throw new IllegalArgumentException(key + " " + value + " is not supported" + context
                    + "; expected torch's " + className);
        }
    }

    private static void rejectOthers(String key, Map<String, Object> kwargs, String... known) {
        for (String name : kwargs.keySet()) {
            if (!Arrays.asList(known).contains(name)) {
                throw new IllegalArgumentException(key + "." + name + "=" + kwargs.get(name) + " is not supported");
            }
        }
    }

    private static double number(String key, Object value) {
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException(key + "=" + value + " is not a number");
        }
        return number.doubleValue();
    }

    private static boolean bool(String key, Object value) {
        if (!(value instanceof Boolean flag)) {
            throw new IllegalArgumentException(key + "=" + value + " is not true or false");
        }
        return flag;
    }
}
