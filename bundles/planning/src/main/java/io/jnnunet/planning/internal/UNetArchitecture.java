package io.jnnunet.planning.internal;

import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.api.ArchitecturePlan.ArchKwargs;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two U-Nets nnU-Net's planners configure, with the {@code architecture} entry of the plans exactly as nnU-Net
 * writes it (class names of dynamic-network-architectures and torch) and each one's memory estimate.
 */
public enum UNetArchitecture {
    /** Plain conv encoder; its arch kwarg for the encoder depth is {@code n_conv_per_stage}. */
    PLAIN_CONV_UNET("dynamic_network_architectures.architectures.unet.PlainConvUNet"),
    /** Residual encoder (ResEnc presets); its arch kwarg is {@code n_blocks_per_stage}. */
    RESIDUAL_ENCODER_UNET("dynamic_network_architectures.architectures.unet.ResidualEncoderUNet");

    /** nnU-Net's {@code UNet_base_num_features}: features of the first stage, doubled per stage. */
    public static final int BASE_NUM_FEATURES = 32;
    public static final int MAX_FEATURES_2D = 512;
    public static final int MAX_FEATURES_3D = 320;

    private static final List<String> KW_REQUIRES_IMPORT = List.of("conv_op", "norm_op", "dropout_op", "nonlin");

    private final String networkClassName;

    UNetArchitecture(String networkClassName) {
        this.networkClassName = networkClassName;
    }

    public String networkClassName() {
        return networkClassName;
    }

    /** {@code min(maxFeatures, 32 * 2^s)} per stage, with nnU-Net's cap of 512 (2D) or 320 (3D). */
    public static int[] featuresPerStage(int nStages, int dimensions) {
        int max = dimensions == 2 ? MAX_FEATURES_2D : MAX_FEATURES_3D;
        int[] features = new int[nStages];
        int doubled = BASE_NUM_FEATURES;
        for (int s = 0; s < nStages; s++) {
            features[s] = Math.min(max, doubled);
            doubled = Math.min(2 * doubled, max);
        }
        return features;
    }

    /**
     * The {@code architecture} entry for a topology.
     *
     * @param encoderBlocks convs (plain) or residual blocks (ResEnc) per encoder stage; the first
     *        {@code topology.nStages()} are used
     * @param decoderConvs convs per decoder stage; the first {@code nStages - 1} are used
     */
    public ArchitecturePlan plan(PoolingTopology topology, int[] featuresPerStage, int[] encoderBlocks,
            int[] decoderConvs) {
        int nStages = topology.nStages();
        if (encoderBlocks.length < nStages || decoderConvs.length < nStages - 1) {
            throw new IllegalArgumentException("a U-Net of " + nStages + " stages needs " + nStages
                    + " encoder and " + (nStages - 1) + " decoder stage depths, got " + Arrays.toString(encoderBlocks)
                    + " and " + Arrays.toString(decoderConvs));
        }
        int dim = topology.patchSize().length;
        int[] encoder = Arrays.copyOf(encoderBlocks, nStages);
        boolean plain = this == PLAIN_CONV_UNET;
        ArchKwargs kwargs = new ArchKwargs(nStages, featuresPerStage.clone(),
                "torch.nn.modules.conv.Conv" + dim + "d", topology.kernelSizes(), topology.strides(),
                plain ? encoder : null, plain ? null : encoder, Arrays.copyOf(decoderConvs, nStages - 1), true,
                "torch.nn.modules.instancenorm.InstanceNorm" + dim + "d", normOpKwargs(), null, null,
                "torch.nn.LeakyReLU", Map.of("inplace", true), null);
        return new ArchitecturePlan(networkClassName, kwargs, KW_REQUIRES_IMPORT);
    }

    /** The feature-map estimate of a network built from the kwargs without deep supervision, as the planners use. */
    public long featureMapSize(int[] patch, ArchKwargs kwargs, int numOutputs) {
        return this == PLAIN_CONV_UNET
                ? FeatureMapSizeEstimate.plainConvUNet(patch, kwargs.strides(), kwargs.featuresPerStage(),
                        kwargs.nConvPerStage(), kwargs.nConvPerStageDecoder(), numOutputs, false)
                : FeatureMapSizeEstimate.residualEncoderUNet(patch, kwargs.strides(), kwargs.featuresPerStage(),
                        kwargs.nBlocksPerStage(), kwargs.nConvPerStageDecoder(), numOutputs, false);
    }

    private static Map<String, Object> normOpKwargs() {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("eps", 1e-5);
        kwargs.put("affine", true);
        return Collections.unmodifiableMap(kwargs);
    }
}
