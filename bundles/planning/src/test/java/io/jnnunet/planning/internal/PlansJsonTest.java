package io.jnnunet.planning.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.Plans;
import io.jnnunet.formats.NnunetJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PlansJsonTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final NnunetJson json = new NnunetJson();

    @Test
    public void plansAreWrittenWithNnUNetsKeysAndStructure() throws Exception {
        JsonNode root = new ObjectMapper().readTree(json.toString(new DefaultExperimentPlanner()
                .plan(Datasets.cells())));
        assertEquals(List.of("dataset_name", "plans_name", "original_median_spacing_after_transp",
                "original_median_shape_after_transp", "image_reader_writer", "transpose_forward",
                "transpose_backward", "configurations", "experiment_planner_used", "label_manager",
                "foreground_intensity_properties_per_channel"), fieldNames(root));
        JsonNode twoD = root.at("/configurations/2d");
        assertEquals(List.of("data_identifier", "preprocessor_name", "batch_size", "patch_size",
                "median_image_size_in_voxels", "spacing", "normalization_schemes", "use_mask_for_norm",
                "resampling_fn_data", "resampling_fn_seg", "resampling_fn_data_kwargs", "resampling_fn_seg_kwargs",
                "resampling_fn_probabilities", "resampling_fn_probabilities_kwargs", "architecture", "batch_dice"),
                fieldNames(twoD));
        assertEquals("nnUNetPlans_2d", twoD.at("/data_identifier").asText());
        assertEquals(4, twoD.at("/batch_size").asInt());
        assertEquals(768, twoD.at("/patch_size/1").asInt());
        assertEquals("ZScoreNormalization", twoD.at("/normalization_schemes/0").asText());
        assertTrue(twoD.at("/resampling_fn_data_kwargs/force_separate_z").isNull());
        assertEquals(3, twoD.at("/resampling_fn_data_kwargs/order").asInt());

        JsonNode architecture = twoD.at("/architecture");
        assertEquals(List.of("network_class_name", "arch_kwargs", "_kw_requires_import"), fieldNames(architecture));
        assertEquals("dynamic_network_architectures.architectures.unet.PlainConvUNet",
                architecture.at("/network_class_name").asText());
        JsonNode kwargs = architecture.at("/arch_kwargs");
        assertEquals(List.of("n_stages", "features_per_stage", "conv_op", "kernel_sizes", "strides",
                "n_conv_per_stage", "n_conv_per_stage_decoder", "conv_bias", "norm_op", "norm_op_kwargs",
                "dropout_op", "dropout_op_kwargs", "nonlin", "nonlin_kwargs"), fieldNames(kwargs));
        assertEquals(8, root.at("/configurations/2d/architecture/arch_kwargs/n_stages").asInt());
        assertEquals("torch.nn.modules.conv.Conv2d", kwargs.at("/conv_op").asText());
        assertEquals("torch.nn.modules.instancenorm.InstanceNorm2d", kwargs.at("/norm_op").asText());
        assertEquals(1e-5, kwargs.at("/norm_op_kwargs/eps").asDouble(), 0);
        assertTrue(kwargs.at("/norm_op_kwargs/affine").asBoolean());
        assertTrue(kwargs.at("/dropout_op").isNull());
        assertTrue(kwargs.at("/dropout_op_kwargs").isNull());
        assertEquals("torch.nn.LeakyReLU", kwargs.at("/nonlin").asText());
        assertTrue(kwargs.at("/nonlin_kwargs/inplace").asBoolean());
        assertEquals(2, kwargs.at("/strides/1/0").asInt());
        assertEquals("[\"conv_op\",\"norm_op\",\"dropout_op\",\"nonlin\"]",
                architecture.at("/_kw_requires_import").toString());
    }

    @Test
    public void cascadeConfigurationOnlyNamesWhatItInherits() throws Exception {
        JsonNode root = new ObjectMapper().readTree(json.toString(new DefaultExperimentPlanner()
                .plan(Datasets.lung())));
        assertEquals(List.of("inherits_from", "previous_stage"),
                fieldNames(root.at("/configurations/3d_cascade_fullres")));
        assertEquals("3d_cascade_fullres", root.at("/configurations/3d_lowres/next_stage").asText());
        assertFalse(root.at("/configurations/3d_fullres").has("next_stage"));
        assertEquals(320, root.at("/configurations/3d_fullres/architecture/arch_kwargs/features_per_stage/5")
                .asInt());
    }

    @Test
    public void plansReadBackEqualInWhatMatters() throws Exception {
        Plans written = new ResEncMPlanner().plan(Datasets.lung());
        Path file = folder.getRoot().toPath().resolve(Plans.fileName(written.plansName()));
        json.write(file, written);
        assertTrue(Files.readString(file).contains("\"n_blocks_per_stage\": ["));
        Plans read = json.read(file, Plans.class);

        assertEquals(written.datasetName(), read.datasetName());
        assertEquals(written.plansName(), read.plansName());
        assertEquals(written.imageReaderWriter(), read.imageReaderWriter());
        assertArrayEquals(written.transposeForward(), read.transposeForward());
        assertArrayEquals(written.transposeBackward(), read.transposeBackward());
        assertArrayEquals(written.originalMedianSpacingAfterTransp(), read.originalMedianSpacingAfterTransp(), 0);
        assertArrayEquals(written.originalMedianShapeAfterTransp(), read.originalMedianShapeAfterTransp());
        assertEquals(written.experimentPlannerUsed(), read.experimentPlannerUsed());
        assertEquals(written.foregroundIntensityPropertiesPerChannel(),
                read.foregroundIntensityPropertiesPerChannel());
        assertEquals(written.configurations().keySet(), read.configurations().keySet());
        for (String name : written.configurations().keySet()) {
            assertConfigurationEquals(written.configuration(name), read.configuration(name));
        }
        assertTrue(read.other().isEmpty());
    }

    private static void assertConfigurationEquals(ConfigurationPlan expected, ConfigurationPlan actual) {
        assertEquals(expected.dataIdentifier(), actual.dataIdentifier());
        assertEquals(expected.preprocessorName(), actual.preprocessorName());
        assertEquals(expected.batchSize(), actual.batchSize());
        assertArrayEquals(expected.patchSize(), actual.patchSize());
        assertArrayEquals(expected.medianImageSizeInVoxels(), actual.medianImageSizeInVoxels(), 0);
        assertArrayEquals(expected.spacing(), actual.spacing(), 0);
        assertEquals(expected.normalizationSchemes(), actual.normalizationSchemes());
        assertEquals(expected.useMaskForNorm(), actual.useMaskForNorm());
        assertEquals(expected.resamplingFnData(), actual.resamplingFnData());
        assertEquals(expected.resamplingFnDataKwargs(), actual.resamplingFnDataKwargs());
        assertEquals(expected.resamplingFnSegKwargs(), actual.resamplingFnSegKwargs());
        assertEquals(expected.resamplingFnProbabilitiesKwargs(), actual.resamplingFnProbabilitiesKwargs());
        assertEquals(expected.batchDice(), actual.batchDice());
        assertEquals(expected.nextStage(), actual.nextStage());
        assertEquals(expected.architecture().networkClassName(), actual.architecture().networkClassName());
        assertEquals(expected.architecture().kwRequiresImport(), actual.architecture().kwRequiresImport());
        var e = expected.architecture().archKwargs();
        var a = actual.architecture().archKwargs();
        assertEquals(e.nStages(), a.nStages());
        assertArrayEquals(e.featuresPerStage(), a.featuresPerStage());
        assertArrayEquals(e.kernelSizes(), a.kernelSizes());
        assertArrayEquals(e.strides(), a.strides());
        assertArrayEquals(e.nBlocksPerStage(), a.nBlocksPerStage());
        assertArrayEquals(e.nConvPerStageDecoder(), a.nConvPerStageDecoder());
        assertEquals(e.convOp(), a.convOp());
        assertEquals(e.normOp(), a.normOp());
        assertEquals(e.normOpKwargs(), a.normOpKwargs());
        assertEquals(e.nonlinKwargs(), a.nonlinKwargs());
        assertTrue(a.other().isEmpty());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
