package io.jnnunet.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code architecture} section of a configuration in nnU-Net's plans: the network class and its constructor
 * arguments. {@link #name()} is the short class name ({@code PlainConvUNet}) under which the architecture service is
 * looked up.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"network_class_name", "arch_kwargs", "_kw_requires_import"})
public record ArchitecturePlan(
        @JsonProperty("network_class_name") String networkClassName,
        @JsonProperty("arch_kwargs") ArchKwargs archKwargs,
        @JsonProperty("_kw_requires_import") List<String> kwRequiresImport) {

    /** The short class name, e.g. {@code PlainConvUNet} for {@code dynamic_network_architectures...unet.PlainConvUNet}. */
    @JsonIgnore
    public String name() {
        return networkClassName.substring(networkClassName.lastIndexOf('.') + 1);
    }

    /**
     * The constructor arguments, with nnU-Net's names. {@code n_conv_per_stage} is PlainConvUNet's,
     * {@code n_blocks_per_stage} ResidualEncoderUNet's; unknown arguments of other architectures are kept in
     * {@code other}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"n_stages", "features_per_stage", "conv_op", "kernel_sizes", "strides", "n_conv_per_stage",
        "n_blocks_per_stage", "n_conv_per_stage_decoder", "conv_bias", "norm_op", "norm_op_kwargs", "dropout_op",
        "dropout_op_kwargs", "nonlin", "nonlin_kwargs"})
    public record ArchKwargs(
            @JsonProperty("n_stages") int nStages,
            @JsonProperty("features_per_stage") int[] featuresPerStage,
            @JsonProperty("conv_op") String convOp,
            @JsonProperty("kernel_sizes") int[][] kernelSizes,
            @JsonProperty("strides") int[][] strides,
            @JsonProperty("n_conv_per_stage") int[] nConvPerStage,
            @JsonProperty("n_blocks_per_stage") int[] nBlocksPerStage,
            @JsonProperty("n_conv_per_stage_decoder") int[] nConvPerStageDecoder,
            @JsonProperty("conv_bias") boolean convBias,
            @JsonProperty("norm_op") String normOp,
            @JsonProperty("norm_op_kwargs") Map<String, Object> normOpKwargs,
            @JsonProperty("dropout_op") @JsonInclude(JsonInclude.Include.ALWAYS) String dropoutOp,
            @JsonProperty("dropout_op_kwargs") @JsonInclude(JsonInclude.Include.ALWAYS)
            Map<String, Object> dropoutOpKwargs,
            @JsonProperty("nonlin") String nonlin,
            @JsonProperty("nonlin_kwargs") Map<String, Object> nonlinKwargs,
            @JsonAnySetter @JsonAnyGetter Map<String, Object> other) {

        public ArchKwargs {
            other = other == null ? new LinkedHashMap<>() : other;
        }

        /** Spatial dimensions of the network: 2 or 3, from the kernel size. */
        @JsonIgnore
        public int dimensions() {
            return kernelSizes[0].length;
        }
    }
}
