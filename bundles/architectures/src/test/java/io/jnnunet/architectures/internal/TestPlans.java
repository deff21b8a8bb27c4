package io.jnnunet.architectures.internal;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.ArchitecturePlan;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Architecture sections written as nnUNetPlans.json holds them, and helpers to look at built networks. */
final class TestPlans {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestPlans() {
    }

    /** The 2d plan nnU-Net makes for the cells dataset (520×696 → patch 640×768): 8 stages, 32..512 features. */
    static ArchitecturePlan cells2d() {
        return plainConvUNet(new int[] {32, 64, 128, 256, 512, 512, 512, 512}, square(3, 2, 8), pooling(2, 8));
    }

    static ArchitecturePlan plainConvUNet(int[] features, int[][] kernels, int[][] strides) {
        int n = features.length;
        return plan("PlainConvUNet", features, kernels, strides, "\"n_conv_per_stage\": " + list(repeat(2, n)),
                repeat(2, n - 1));
    }

    /** As nnUNetPlannerResEnc plans it: blocks (1, 3, 4, 6, 6, 6, ...), one unit per decoder stage. */
    static ArchitecturePlan residualEncoderUNet(int[] features, int[][] kernels, int[][] strides) {
        int n = features.length;
        int[] blocks = IntStream.range(0, n).map(s -> new int[] {1, 3, 4, 6}[Math.min(s, 3)]).toArray();
        return plan("ResidualEncoderUNet", features, kernels, strides, "\"n_blocks_per_stage\": " + list(blocks),
                repeat(1, n - 1));
    }

    private static ArchitecturePlan plan(String network, int[] features, int[][] kernels, int[][] strides,
            String encoderDepth, int[] decoderDepth) {
        int d = kernels[0].length;
        return parse("""
                {
                    "network_class_name": "dynamic_network_architectures.architectures.unet.%s",
                    "arch_kwargs": {
                        "n_stages": %d,
                        "features_per_stage": %s,
                        "conv_op": "torch.nn.modules.conv.Conv%dd",
                        "kernel_sizes": %s,
                        "strides": %s,
                        %s,
                        "n_conv_per_stage_decoder": %s,
                        "conv_bias": true,
                        "norm_op": "torch.nn.modules.instancenorm.InstanceNorm%dd",
                        "norm_op_kwargs": {"eps": 1e-05, "affine": true},
                        "dropout_op": null,
                        "dropout_op_kwargs": null,
                        "nonlin": "torch.nn.LeakyReLU",
                        "nonlin_kwargs": {"inplace": true}
                    },
                    "_kw_requires_import": ["conv_op", "norm_op", "dropout_op", "nonlin"]
                }
                """.formatted(network, features.length, list(features), d, Arrays.deepToString(kernels),
                Arrays.deepToString(strides), encoderDepth, list(decoderDepth), d));
    }

    static ArchitecturePlan parse(String json) {
        try {
            return MAPPER.readValue(json, ArchitecturePlan.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code n} entries of {@code k} along each of {@code dims} axes. */
    static int[][] square(int k, int dims, int n) {
        return IntStream.range(0, n).mapToObj(s -> repeat(k, dims)).toArray(int[][]::new);
    }

    /** Stride 1 in the first stage, 2 along every axis after. */
    static int[][] pooling(int dims, int n) {
        return IntStream.range(0, n).mapToObj(s -> repeat(s == 0 ? 1 : 2, dims)).toArray(int[][]::new);
    }

    static int[] repeat(int value, int n) {
        int[] values = new int[n];
        Arrays.fill(values, value);
        return values;
    }

    private static String list(int[] values) {
        return Arrays.toString(values);
    }

    static long parameterCount(Block block) {
        return block.getParameters().values().stream().mapToLong(p -> p.getArray().getShape().size()).sum();
    }

    /**
     * The parameters under nnU-Net's state-dict keys: DJL's two-digit child counter stripped from every level of the
     * block tree, levels joined with dots.
     */
    static Map<String, Parameter> stateDict(Block block) {
        Map<String, Parameter> keys = new LinkedHashMap<>();
        collect(block, "", keys);
        return keys;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> keys) {
        block.getDirectParameters().values().forEach(p -> keys.put(prefix + p.getName(), p));
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), prefix + child.getKey().substring(2) + ".", keys);
        }
    }

    /** Shapes by key, as a readable map for comparisons. */
    static Map<String, String> shapes(Map<String, Parameter> stateDict) {
        return stateDict.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().getArray().getShape().toString(), (a, b) -> a, LinkedHashMap::new));
    }
}
