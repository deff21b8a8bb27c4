package io.jnnunet.inference.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.ModelExport;
import io.jnnunet.api.ModelExportRequest;
import io.jnnunet.api.ModelExporter;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.Normalization;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.architectures.internal.CheckpointNetworkLoader;
import io.jnnunet.architectures.internal.PlainConvUNetArchitecture;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.NoGrad;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.formats.NpyArrays;
import io.jnnunet.formats.TorchCheckpoint;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.NnunetDatasetReader;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.network.NetworkArchitecture;
import io.jnnunet.network.NetworkParameters;
import io.jnnunet.postprocessing.internal.overlay.ContourOverlayRenderer;
import io.jnnunet.preprocessing.internal.ZScoreNormalization;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The bioimage.io package of the model trained by the original nnU-Net (../shared/reference/nnunet-model), its
 * test image from the cells dataset (../shared/data/cells as {@code nnUNet_raw/Dataset001_Cells}).
 */
public class BioimageioExporterTest {

    private static final Path SHARED = LoadedModelTest.SHARED;
    private static final Path MODEL = LoadedModelTest.MODEL;
    private static final String PYTHON = "/usr/bin/python3";

    @ClassRule
    public static final TemporaryFolder TEMP = new TemporaryFolder();

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static ComputeEngine engine;
    private static BioimageioExporter exporter;
    private static ModelExport export;
    private static JsonNode rdf;
    private static Path unpacked;

    @BeforeClass
    public static void exportTheReferenceModel() throws Exception {
        assumeTrue("needs ../shared", Files.isDirectory(MODEL) && Files.isDirectory(SHARED.resolve("data/cells")));
        Path raw = TEMP.newFolder("nnUNet_raw").toPath();
        Files.createSymbolicLink(raw.resolve("Dataset001_Cells"), SHARED.resolve("data/cells").toAbsolutePath());
        engine = TestComponents.engine();
        CheckpointNetworkLoader loader = new CheckpointNetworkLoader();
        Method bind = CheckpointNetworkLoader.class.getDeclaredMethod("addArchitecture", NetworkArchitecture.class,
                Map.class);
        bind.setAccessible(true);
        bind.invoke(loader, new PlainConvUNetArchitecture(), Map.of(NetworkArchitecture.NAME, "PlainConvUNet"));
        ImageIoRegistry pngs = ImageIoRegistryComponent.of(new PngImageIo());
        exporter = new BioimageioExporter(engine, loader, pngs, paths(raw), new NnunetDatasetReader());
        exporter.addNormalization(new ZScoreNormalization(), Map.of(Normalization.NAME, "ZScoreNormalization"));
        exporter.setOverlays(new ContourOverlayRenderer(pngs));
        Path zip = TEMP.getRoot().toPath().resolve("out/cells.bioimageio.zip");
        export = exporter.export(new ModelExportRequest(MODEL, List.of(), "checkpoint_final.pth", zip),
                ProgressListener.NONE);
        unpacked = TEMP.newFolder("unpacked").toPath();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, unpacked.resolve(entry.getName()));
                }
            }
        }
        rdf = YAML.readTree(unpacked.resolve(BioimageioExporter.RDF).toFile());
    }

    @Test
    public void theZipHoldsTheFilesItsYamlNamesWithTheirSha256() throws IOException {
        assertEquals(ModelExporter.BIOIMAGEIO, export.format());
        assertEquals(List.of("0"), export.folds());
        assertEquals(Files.size(export.file()), export.bytes());
        List<JsonNode> files = new ArrayList<>();
        collectFiles(rdf, files);
        Set<String> named = new TreeSet<>(List.of(BioimageioExporter.RDF, rdf.get("documentation").asText()));
        rdf.get("covers").forEach(cover -> named.add(cover.asText()));
        for (JsonNode file : files) {
            String source = file.get("source").asText();
            named.add(source);
            assertEquals(source, file.get("sha256").asText(), BioimageioExporter.sha256(unpacked.resolve(source)));
        }
        // weights, environment, both test tensors
        assertEquals(4, files.size());
        try (var listing = Files.list(unpacked)) {
            assertEquals(named, new TreeSet<>(listing.map(p -> p.getFileName().toString()).toList()));
        }
        assertEquals(new TreeSet<>(export.entries()), named);
        // written under a temporary name, then renamed: nothing else is left beside it
        try (var siblings = Files.list(export.file().getParent())) {
            assertEquals(List.of(export.file()), siblings.toList());
        }
        String readme = Files.readString(unpacked.resolve("README.md"));
        assertTrue(readme, readme.contains("| foreground mean | 0.9576"));
        assertTrue(readme, readme.contains("NOT part of this package"));
    }

    @Test
    public void theYamlDescribesNnunetsNetworkAndNormalisation() {
        assertEquals("model", rdf.get("type").asText());
        assertEquals("CC0-1.0", rdf.get("license").asText());
        assertEquals("10.1038/s41592-020-01008-z", rdf.get("cite").get(0).get("doi").asText());
        JsonNode input = rdf.get("inputs").get(0);
        assertEquals("zero_mean_unit_variance", input.get("preprocessing").get(0).get("id").asText());
        assertEquals("[\"y\",\"x\"]", input.get("preprocessing").get(0).get("kwargs").get("axes").toString());
        assertEquals("fluorescence", input.get("axes").get(1).get("channel_names").get(0).asText());
        // 5 strides of 2: sides of 64 + n * 32
        assertEquals(64, input.get("axes").get(2).get("size").get("min").asInt());
        assertEquals(32, input.get("axes").get(3).get("size").get("step").asInt());
        assertEquals("[\"background\",\"cell\"]",
                rdf.get("outputs").get(0).get("axes").get(1).get("channel_names").toString());
        JsonNode weights = rdf.get("weights").get("pytorch_state_dict");
        JsonNode kwargs = weights.get("architecture").get("kwargs");
        assertEquals("dynamic_network_architectures.architectures.unet.PlainConvUNet",
                kwargs.get("arch_class_name").asText());
        assertEquals("torch.nn.modules.conv.Conv2d", kwargs.get("arch_kwargs").get("conv_op").asText());
        assertFalse(kwargs.get("deep_supervision").asBoolean());
        assertEquals(engine.engineVersion(), weights.get("pytorch_version").asText());
    }

    @Test
    public void theTestOutputIsTheNetworkBuiltFromTheYamlOnTheTestInput() throws IOException {
        NpyArrays.Float32Array input = NpyArrays.readFloat32(unpacked.resolve(BioimageioExporter.TEST_INPUT));
        NpyArrays.Float32Array output = NpyArrays.readFloat32(unpacked.resolve(BioimageioExporter.TEST_OUTPUT));
        // a square crop of the 520 x 696 image, the largest within the 256 x 320 patch
        assertArrayEquals(new int[] {1, 1, 256, 256}, input.shape());
        assertArrayEquals(new int[] {1, 2, 256, 256}, output.shape());
        JsonNode kwargs = rdf.get("weights").get("pytorch_state_dict").get("architecture").get("kwargs");
        ObjectNode section = YAML.createObjectNode();
        section.set("network_class_name", kwargs.get("arch_class_name"));
        section.set("arch_kwargs", kwargs.get("arch_kwargs"));
        section.set("_kw_requires_import", kwargs.get("arch_kwargs_req_import"));
        ArchitecturePlan plan = new NnunetJson().mapper().convertValue(section, ArchitecturePlan.class);
        Map<String, TorchCheckpoint.Tensor> weights = new HashMap<>();
        for (TorchCheckpoint.Tensor t : TorchCheckpoint.readStateDict(unpacked.resolve(BioimageioExporter.WEIGHTS))) {
            weights.put(t.name(), t);
        }
        float[] normalised = zeroMeanUnitVariance(input.data(),
                rdf.get("inputs").get(0).get("preprocessing").get(0).get("kwargs").path("eps").asDouble(1e-6));
        Block network = new PlainConvUNetArchitecture().build(plan, kwargs.get("input_channels").asInt(),
                kwargs.get("output_channels").asInt(), false);
        try (NDManager manager = engine.newManager(); NoGrad noGrad = NoGrad.enter()) {
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 256, 256));
            NetworkParameters parameters = NetworkParameters.of(network);
            for (int i = 0; i < parameters.size(); i++) {
                TorchCheckpoint.Tensor stored = weights.remove(parameters.names().get(i));
                assertArrayEquals(parameters.names().get(i), parameters.shape(i), stored.shape());
                NDArray array = parameters.parameters().get(i).getArray();
                array.set(new NDIndex("..."), manager.create(stored.values(), array.getShape()));
            }
            assertEquals("the state dict holds only the network's tensors", Map.of(), weights);
            float[] logits = network.forward(new ParameterStore(manager, false),
                    new NDList(manager.create(normalised, new Shape(1, 1, 256, 256))), false).get(0).toFloatArray();
            float max = 0;
            for (int i = 0; i < logits.length; i++) {
                max = Math.max(max, Math.abs(logits[i] - output.data()[i]));
            }
            assertTrue("max difference " + max, max <= 1e-4);
        }
        // a real image: the network finds cells and background in it
        int voxels = 256 * 256;
        int cells = 0;
        for (int i = 0; i < voxels; i++) {
            cells += output.data()[voxels + i] > output.data()[i] ? 1 : 0;
        }
        assertTrue("cell pixels " + cells, cells > voxels / 20 && cells < voxels * 19 / 20);
    }

    @Test
    public void theYamlValidatesAgainstBioimageiosJsonSchema() throws IOException {
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("bioimageio_schema_model_0.5.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        Set<ValidationMessage> problems = schema.validate(rdf);
        assertEquals(problems.toString(), Set.of(), problems);
        // and the schema is no formality: without its inputs, or with a tensor the spec does not know, it fails
        ObjectNode broken = rdf.deepCopy();
        broken.remove("inputs");
        assertFalse(schema.validate(broken).isEmpty());
        broken = rdf.deepCopy();
        ((ObjectNode) broken.get("outputs").get(0)).put("halo", 3);
        assertFalse(schema.validate(broken).isEmpty());
    }

    @Test
    public void pythonsTorchLoadsTheStateDictAndReproducesTheTestOutput() throws Exception {
        assumeTrue("needs Debian's python3-torch", torchInstalled());
        Path script = TEMP.getRoot().toPath().resolve("bioimageio_state_dict.py");
        try (InputStream in = getClass().getResourceAsStream("bioimageio_state_dict.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path kwargs = TEMP.getRoot().toPath().resolve("kwargs.json");
        new NnunetJson().mapper().writeValue(kwargs.toFile(),
                rdf.get("weights").get("pytorch_state_dict").get("architecture").get("kwargs"));
        Process python = new ProcessBuilder(PYTHON, script.toString(), unpacked.toString(), kwargs.toString(),
                Path.of(System.getProperty("user.dir")).resolve("../../benchmarks/python").normalize().toString())
                .redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("python3 took over 2 minutes", python.waitFor(2, TimeUnit.MINUTES));
        assertEquals(out, 0, python.exitValue());
        assertTrue(out, out.startsWith("reproduced:"));
        System.out.print(out);
    }

    @Test
    public void aPackageHoldsOneFold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> exporter.export(
                new ModelExportRequest(MODEL, List.of("0", "1"), null, TEMP.getRoot().toPath().resolve("x.zip")),
                ProgressListener.NONE));
        assertTrue(e.getMessage(), e.getMessage().startsWith("a bioimage.io package holds one network"));
    }

    /** bioimage.io's zero_mean_unit_variance of one channel over y and x: (x - mean) / (std + eps). */
    private static float[] zeroMeanUnitVariance(float[] x, double eps) {
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        double squares = 0;
        for (float v : x) {
            squares += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(squares / x.length);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) / (std + eps));
        }
        return out;
    }

    /** Every {source, sha256} object of the yaml. */
    private static void collectFiles(JsonNode node, List<JsonNode> files) {
        if (node.isObject() && node.has("source") && node.has("sha256")) {
            files.add(node);
        }
        node.forEach(child -> collectFiles(child, files));
    }

    private static NnunetPaths paths(Path raw) {
        return new NnunetPaths() {
            @Override
            public Path raw() {
                return raw;
            }

            @Override
            public Path preprocessed() {
                return raw.resolveSibling("nnUNet_preprocessed");
            }

            @Override
            public Path results() {
                return MODEL.getParent().getParent();
            }

            @Override
            public Path rawDataset(String pathNameOrId) {
                return raw.resolve(pathNameOrId);
            }
        };
    }

    private static boolean torchInstalled() throws InterruptedException {
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
