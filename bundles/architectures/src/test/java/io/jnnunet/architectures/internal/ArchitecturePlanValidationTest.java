package io.jnnunet.architectures.internal;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.network.NetworkArchitecture;
import org.junit.Test;

/** Plans the networks cannot be built from are refused with the key and value at fault; no engine needed. */
public class ArchitecturePlanValidationTest {

    private static final String VALID = """
            {
                "network_class_name": "dynamic_network_architectures.architectures.unet.PlainConvUNet",
                "arch_kwargs": {
                    "n_stages": 3,
                    "features_per_stage": [8, 16, 32],
                    "conv_op": "torch.nn.modules.conv.Conv2d",
                    "kernel_sizes": [[3, 3], [3, 3], [3, 3]],
                    "strides": [[1, 1], [2, 2], [2, 2]],
                    "n_conv_per_stage": [2, 2, 2],
                    "n_conv_per_stage_decoder": [2, 2],
                    "conv_bias": true,
                    "norm_op": "torch.nn.modules.instancenorm.InstanceNorm2d",
                    "norm_op_kwargs": {"eps": 1e-05, "affine": true},
                    "dropout_op": null,
                    "dropout_op_kwargs": null,
                    "nonlin": "torch.nn.LeakyReLU",
                    "nonlin_kwargs": {"inplace": true}
                },
                "_kw_requires_import": ["conv_op", "norm_op", "dropout_op", "nonlin"]
            }
            """;

    private final NetworkArchitecture plain = new PlainConvUNetArchitecture();

    @Test
    public void buildsTheValidPlan() {
        plain.build(TestPlans.parse(VALID), 1, 2, true);
    }

    @Test
    public void rejectsKernelSizesNotOnePerStage() {
        assertRejected(VALID.replace("[[3, 3], [3, 3], [3, 3]]", "[[3, 3], [3, 3]]"), "kernel_sizes");
    }

    @Test
    public void rejectsConvOpOfOtherDimension() {
        assertRejected(VALID.replace("conv.Conv2d", "conv.Conv3d"), "conv_op torch.nn.modules.conv.Conv3d");
    }

    @Test
    public void rejectsUnknownNonlinearity() {
        assertRejected(VALID.replace("torch.nn.LeakyReLU", "torch.nn.GELU"), "nonlin torch.nn.GELU");
    }

    @Test
    public void rejectsUnknownNorm() {
        assertRejected(VALID.replace("torch.nn.modules.instancenorm.InstanceNorm2d",
                "torch.nn.modules.batchnorm.BatchNorm2d"), "norm_op torch.nn.modules.batchnorm.BatchNorm2d");
    }

    @Test
    public void rejectsStridesOfOtherAxes() {
        assertRejected(VALID.replace("[[1, 1], [2, 2], [2, 2]]", "[[1, 1, 1], [2, 2, 2], [2, 2, 2]]"), "strides");
    }

    @Test
    public void rejectsDecoderDepthsNotOneLessThanStages() {
        assertRejected(VALID.replace("\"n_conv_per_stage_decoder\": [2, 2]", "\"n_conv_per_stage_decoder\": [2, 2, 2]"),
                "n_conv_per_stage_decoder");
    }

    @Test
    public void rejectsDropout() {
        assertRejected(VALID.replace("\"dropout_op\": null", "\"dropout_op\": \"torch.nn.Dropout2d\""),
                "dropout_op torch.nn.Dropout2d");
    }

    @Test
    public void rejectsUnknownNormKwargs() {
        assertRejected(VALID.replace("\"affine\": true", "\"affine\": true, \"track_running_stats\": true"),
                "norm_op_kwargs.track_running_stats");
    }

    @Test
    public void rejectsAPlanOfAnotherNetwork() {
        assertRejected(VALID.replace("unet.PlainConvUNet", "unet.ResidualEncoderUNet"), "network_class_name");
    }

    @Test
    public void residualEncoderUNetNeedsBlocksPerStage() {
        String resEnc = VALID.replace("unet.PlainConvUNet", "unet.ResidualEncoderUNet");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResidualEncoderUNetArchitecture().build(TestPlans.parse(resEnc), 1, 2, true));
        assertTrue(e.getMessage(), e.getMessage().contains("n_blocks_per_stage"));
    }

    @Test
    public void rejectsNoInputChannels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plain.build(TestPlans.parse(VALID), 0, 2, true));
        assertTrue(e.getMessage(), e.getMessage().contains("input channels (0)"));
    }

    private void assertRejected(String json, String expectedInMessage) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plain.build(TestPlans.parse(json), 1, 2, true));
        assertTrue(e.getMessage(), e.getMessage().contains(expectedInMessage));
    }
}
