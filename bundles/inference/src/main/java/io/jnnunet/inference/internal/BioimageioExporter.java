package io.jnnunet.inference.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.DatasetCase;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.IntensityProperties;
import io.jnnunet.api.ModelExport;
import io.jnnunet.api.ModelExportRequest;
import io.jnnunet.api.ModelExporter;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.Normalization;
import io.jnnunet.api.OverlayRenderer;
import io.jnnunet.api.Plans;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SampleType;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.NoGrad;
import io.jnnunet.formats.AtomicFiles;
import io.jnnunet.formats.Checkpoint;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.formats.NpyArrays;
import io.jnnunet.formats.TorchCheckpoint;
import io.jnnunet.network.NetworkLoader;
import io.jnnunet.network.TrainedNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import static io.jnnunet.inference.internal.BioimageioDescription.ordered;

/**
 * A bioimage.io model package (model spec 0.5) of one fold of a 2-D model folder: {@code bioimageio.yaml}, the
 * network's weights as a {@code torch.save}d state dict under nnU-Net's module names, the architecture as nnU-Net's
 * {@code get_network_from_plans} builds it from the plans, nnU-Net's normalisation as preprocessing, a test input
 * cropped from one of the dataset's raw images (one the fold validated on where there is one) and the network's
 * logits on it computed here, a README from the plans, dataset.json and the fold's validation, and, where the overlay
 * renderer is installed, a cover. The images come from {@code nnUNet_raw/<dataset>/imagesTr}.
 *
 * <p>The package is the network alone: nnU-Net's sliding window, Gaussian weighting, mirroring, resampling and
 * postprocessing cannot be expressed in the spec and are not in it (the README says so).
 */
@Component(service = ModelExporter.class, property = ModelExporter.FORMAT + "=" + ModelExporter.BIOIMAGEIO)
public class BioimageioExporter implements ModelExporter {

    static final String RDF = "bioimageio.yaml";
    static final String WEIGHTS = "weights.pt";
    static final String ENVIRONMENT = "environment.yaml";
    static final String README = "README.md";
    static final String TEST_INPUT = "test_input.npy";
    static final String TEST_OUTPUT = "test_output.npy";
    static final String COVER = "cover.png";
    static final String PLACEHOLDER_AUTHOR = "unknown: exported by jnnunet, name the model's authors here";

    private final ComputeEngine engine;
    private final NetworkLoader loader;
    private final ImageIoRegistry imageIos;
    private final NnunetPaths paths;
    private final DatasetReader datasetReader;
    private final NnunetJson json = new NnunetJson();
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    private final NamedServices<Normalization> normalizations =
            new NamedServices<>("normalization", Normalization.NAME, Normalization::name);
    private volatile OverlayRenderer overlays;

    @Activate
    public BioimageioExporter(@Reference(name = "engine") ComputeEngine engine,
            @Reference(name = "loader") NetworkLoader loader,
            @Reference(name = "imageIos") ImageIoRegistry imageIos,
            @Reference(name = "paths") NnunetPaths paths,
            @Reference(name = "datasetReader") DatasetReader datasetReader) {
        this.engine = engine;
        this.loader = loader;
        this.imageIos = imageIos;
        this.paths = paths;
        this.datasetReader = datasetReader;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeNormalization")
    void addNormalization(Normalization normalization, Map<String, Object> properties) {
        normalizations.add(normalization, properties);
    }

    void removeNormalization(Normalization normalization) {
        normalizations.remove(normalization);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unsetOverlays")
    void setOverlays(OverlayRenderer overlays) {
        this.overlays = overlays;
    }

    void unsetOverlays(OverlayRenderer overlays) {
        if (this.overlays == overlays) {
            this.overlays = null;
        }
    }

    @Override
    public String format() {
        return BIOIMAGEIO;
    }

    @Override
    public String description() {
        return "bioimage.io model package (spec " + BioimageioDescription.FORMAT_VERSION + ") of one fold: the"
                + " network, nnU-Net's normalisation, test tensors; no sliding window or mirroring";
    }

    @Override
    public ModelExport export(ModelExportRequest request, ProgressListener progress) throws IOException {
        if (request.folds().size() > 1) {
            throw new IllegalArgumentException("a bioimage.io package holds one network: give one fold, not "
                    + request.folds());
        }
        ModelFolder model = ModelFolder.resolve(request.modelFolder(), request.folds(), request.checkpointName());
        Path checkpointFile = model.checkpoints().get(0);
        String fold = model.folds().get(0);
        Plans plans = json.read(model.folder().resolve("plans.json"), Plans.class);
        DatasetSpec dataset = json.read(model.folder().resolve("dataset.json"), DatasetSpec.class);
        ConfigurationPlan plan = plans.configuration(model.configuration());
        String datasetFolder = model.folder().getParent().getFileName().toString();
        check(plan, plans, model);
        Map<String, Object> input = BioimageioDescription.input(dataset, plan, plans);
        checkCancelled(progress);

        progress.message("reading " + checkpointFile);
        Checkpoint checkpoint = checkpointFile.getFileName().toString().endsWith(TorchCheckpoint.FILE_ENDING)
                ? TorchCheckpoint.read(checkpointFile) : Checkpoint.read(checkpointFile);
        TestCase test = testCase(datasetFolder, dataset, plan, model.folder().resolve("fold_" + fold));
        progress.message("test input: " + test.id() + ", " + test.height() + " x " + test.width());
        float[][] normalised = normalise(test, plan, plans);
        checkCancelled(progress);
        float[] logits = forward(checkpointFile, normalised, test);
        int outputs = logits.length / (test.height() * test.width());
        checkCancelled(progress);

        Path output = request.output().toAbsolutePath();
        Files.createDirectories(output.getParent());
        Path parts = Files.createTempDirectory(output.getParent(), "." + output.getFileName() + ".");
        try {
            TorchCheckpoint.writeStateDict(checkpoint, parts.resolve(WEIGHTS));
            NpyArrays.write(parts.resolve(TEST_INPUT), new int[] {1, test.channels().length, test.height(),
                test.width()}, concatenate(test.channels()));
            NpyArrays.write(parts.resolve(TEST_OUTPUT), new int[] {1, outputs, test.height(), test.width()}, logits);
            Files.writeString(parts.resolve(ENVIRONMENT), environment(), StandardCharsets.UTF_8);
            boolean cover = cover(test, logits, outputs, parts.resolve(COVER));
            String license = BioimageioDescription.spdxLicense(dataset.licence());
            license = license == null ? BioimageioDescription.DEFAULT_LICENSE : license;
            String name = BioimageioDescription.name("nnU-Net " + datasetFolder + " " + model.configuration()
                    + " fold " + fold);
            JsonNode summary = summary(model.folder().resolve("fold_" + fold));
            Files.writeString(parts.resolve(README), new BioimageioReadme(name, datasetFolder, dataset,
                    model.plans(), model.configuration(), plan, checkpoint.header(), fold,
                    checkpointFile.getFileName().toString(), summary, test.id(), license, dataset.licence())
                    .markdown(), StandardCharsets.UTF_8);

            Map<String, Object> architecture = BioimageioDescription.architecture(
                    json.mapper().convertValue(plan.architecture(), Map.class), test.channels().length, outputs);
            input.put("test_tensor", file(parts, TEST_INPUT));
            Map<String, Object> logitsTensor = BioimageioDescription.output(dataset, plan);
            logitsTensor.put("test_tensor", file(parts, TEST_OUTPUT));
            Map<String, Object> rdf = rdf(name, dataset, datasetFolder, model, fold, checkpointFile, license,
                    cover ? COVER : null, input, logitsTensor, architecture, parts,
                    test.id(), checkpoint.header().currentEpoch());
            Files.write(parts.resolve(RDF), yaml.writeValueAsBytes(rdf));

            List<String> entries = new ArrayList<>(List.of(RDF, README, WEIGHTS, ENVIRONMENT, TEST_INPUT,
                    TEST_OUTPUT));
            if (cover) {
                entries.add(COVER);
            }
            checkCancelled(progress);
            AtomicFiles.write(output, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                for (String entry : entries) {
                    zip.putNextEntry(new ZipEntry(entry));
                    Files.copy(parts.resolve(entry), zip);
                    zip.closeEntry();
                }
                zip.finish();
            });
            progress.message("wrote " + output);
            return new ModelExport(output, BIOIMAGEIO, Files.size(output), List.of(fold), entries);
        } finally {
            AtomicFiles.deleteRecursively(parts);
        }
    }

    /** What the package cannot express is refused before any work. */
    private static void check(ConfigurationPlan plan, Plans plans, ModelFolder model) {
        if (plan.architecture() == null) {
            throw new IllegalArgumentException(model.folder().resolve("plans.json") + ": configuration "
                    + model.configuration() + " has no architecture");
        }
        if (plan.patchSize().length != 2) {
            throw new IllegalArgumentException("configuration " + model.configuration() + " is "
                    + plan.patchSize().length + "-D; jnnunet writes bioimage.io packages of 2-D configurations");
        }
        int[] transpose = plans.transposeForward();
        if (transpose != null && (transpose[1] != 1 || transpose[2] != 2)) {
            throw new IllegalArgumentException(model.folder().resolve("plans.json") + ": transpose_forward "
                    + java.util.Arrays.toString(transpose) + " swaps the image's axes, which the package cannot"
                    + " describe");
        }
    }

    /**
     * A raw image of the test: the channels of a 2-D slice cropped about its centre to the test size (padded with
     * the slice's smallest value where the image is smaller).
     */
    record TestCase(String id, float[][] channels, int height, int width, double[] spacing) {
    }

    private TestCase testCase(String datasetFolder, DatasetSpec dataset, ConfigurationPlan plan, Path foldFolder)
            throws IOException {
        Path images = paths.raw().resolve(datasetFolder).resolve("imagesTr");
        List<DatasetCase> cases = Files.isDirectory(images) ? datasetReader.imageCases(images, dataset.fileEnding())
                : List.of();
        if (cases.isEmpty()) {
            throw new IOException("no image for the package's test tensors: " + images + " holds no "
                    + dataset.fileEnding() + " case (the bioimage.io package needs one of the training images)");
        }
        Path validation = foldFolder.resolve("validation");
        DatasetCase chosen = cases.stream()
                .filter(c -> Files.exists(validation.resolve(c.id() + dataset.fileEnding())))
                .findFirst().orElse(cases.get(0));
        ImageVolume image = imageIos.require(dataset.fileEnding()).readImages(chosen.images());
        int[] shape = image.shape();
        int z = shape[0] / 2;
        int[] step = BioimageioDescription.step(plan);
        int height = BioimageioDescription.testSide(plan.patchSize()[0], shape[1], step[0]);
        int width = BioimageioDescription.testSide(plan.patchSize()[1], shape[2], step[1]);
        // square where both sides allow it, so that the cover is square
        int square = Math.min(height, width);
        if (square % step[0] == 0 && square % step[1] == 0 && square >= 2 * Math.max(step[0], step[1])) {
            height = square;
            width = square;
        }
        float[][] channels = new float[image.channelCount()][];
        int y0 = (shape[1] - height) / 2;
        int x0 = (shape[2] - width) / 2;
        for (int c = 0; c < channels.length; c++) {
            float[] source = image.channel(c);
            int plane = shape[1] * shape[2];
            float fill = Float.MAX_VALUE;
            for (int i = z * plane; i < (z + 1) * plane; i++) {
                fill = Math.min(fill, source[i]);
            }
            float[] crop = new float[height * width];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int sy = y0 + y;
                    int sx = x0 + x;
                    crop[y * width + x] = sy >= 0 && sy < shape[1] && sx >= 0 && sx < shape[2]
                            ? source[z * plane + sy * shape[2] + sx] : fill;
                }
            }
            channels[c] = crop;
        }
        return new TestCase(chosen.id(), channels, height, width, image.spacing());
    }

    /** The test input normalised by nnU-Net's scheme of each channel (jnnunet's implementation of it). */
    private float[][] normalise(TestCase test, ConfigurationPlan plan, Plans plans) {
        float[][] normalised = new float[test.channels().length][];
        for (int c = 0; c < normalised.length; c++) {
            String scheme = plan.normalizationSchemes().get(c);
            Normalization normalization = normalizations.get(scheme).orElseThrow(() -> new IllegalStateException(
                    "no normalization " + scheme + " is installed; installed: " + normalizations.names()));
            Map<String, IntensityProperties> intensities = plans.foregroundIntensityPropertiesPerChannel();
            normalised[c] = test.channels()[c].clone();
            normalization.normalize(normalised[c], null, false,
                    intensities == null ? null : intensities.get(String.valueOf(c)));
        }
        return normalised;
    }

    /** The fold's network on the normalised test input: its full-resolution logits, (1, outputs, y, x). */
    private float[] forward(Path checkpointFile, float[][] normalised, TestCase test) throws IOException {
        try (NDManager manager = engine.newManager(engine.device("cpu")); NoGrad noGrad = NoGrad.enter()) {
            TrainedNetwork network = loader.load(checkpointFile, manager);
            NDArray x = manager.create(concatenate(normalised),
                    new Shape(1, normalised.length, test.height(), test.width()));
            return network.network().forward(new ParameterStore(manager, false), new NDList(x), false).get(0)
                    .toFloatArray();
        }
    }

    /** The test input's first channel with the argmax of the logits outlined, where the renderer is installed. */
    private boolean cover(TestCase test, float[] logits, int outputs, Path file) throws IOException {
        OverlayRenderer renderer = overlays;
        if (renderer == null) {
            return false;
        }
        int voxels = test.height() * test.width();
        float[] labels = new float[voxels];
        for (int i = 0; i < voxels; i++) {
            int best = 0;
            for (int k = 1; k < outputs; k++) {
                if (logits[k * voxels + i] > logits[best * voxels + i]) {
                    best = k;
                }
            }
            labels[i] = best;
        }
        int[] shape = {1, test.height(), test.width()};
        double[] spacing = {1, 1, 1};
        renderer.render(ImageVolume.of(shape, spacing, SampleType.FLOAT32, test.channels()[0]), null,
                ImageVolume.of(shape, spacing, SampleType.UINT8, labels), null, file);
        return true;
    }

    private JsonNode summary(Path foldFolder) throws IOException {
        Path file = foldFolder.resolve("validation/summary.json");
        return Files.isRegularFile(file) ? json.mapper().readTree(file.toFile()) : null;
    }

    private Map<String, Object> rdf(String name, DatasetSpec dataset, String datasetFolder, ModelFolder model,
            String fold, Path checkpointFile, String license, Object cover, Map<String, Object> input,
            Map<String, Object> output, Map<String, Object> architecture, Path parts, String testCase, int epochs)
            throws IOException {
        Map<String, Object> rdf = new LinkedHashMap<>();
        rdf.put("format_version", BioimageioDescription.FORMAT_VERSION);
        rdf.put("type", "model");
        rdf.put("name", name);
        String about = dataset.description() != null ? dataset.description()
                : dataset.name() != null ? dataset.name() : datasetFolder;
        String description = "nnU-Net segmentation network (" + model.trainer() + ", " + model.plans() + ", "
                + model.configuration() + ", fold " + fold + ") exported by jnnunet; logits of the network alone,"
                + " without nnU-Net's sliding window and mirroring. Trained on: " + about;
        rdf.put("description", description.length() > 1024 ? description.substring(0, 1021) + "..." : description);
        rdf.put("authors", List.of(Map.of("name", PLACEHOLDER_AUTHOR)));
        List<Object> cite = new ArrayList<>();
        cite.add(ordered("text", "Isensee, F., Jaeger, P. F., Kohl, S. A. A., Petersen, J., Maier-Hein, K. H. (2021)."
                + " nnU-Net: a self-configuring method for deep learning-based biomedical image segmentation."
                + " Nature Methods 18, 203-211", "doi", "10.1038/s41592-020-01008-z"));
        String dataDoi = BioimageioDescription.doi(dataset.reference());
        if (dataDoi != null) {
            cite.add(ordered("text", "Training data: " + dataset.reference(), "doi", dataDoi));
        }
        rdf.put("cite", cite);
        rdf.put("license", license);
        rdf.put("documentation", README);
        if (cover != null) {
            rdf.put("covers", List.of(cover));
        }
        rdf.put("tags", List.of("nnu-net", "jnnunet", "segmentation", "unet2d", "pytorch", "2d"));
        rdf.put("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        rdf.put("inputs", List.of(input));
        rdf.put("outputs", List.of(output));
        Map<String, Object> weights = new LinkedHashMap<>(file(parts, WEIGHTS));
        weights.put("architecture", architecture);
        weights.put("pytorch_version", engine.engineVersion());
        weights.put("dependencies", file(parts, ENVIRONMENT));
        weights.put("comment", "fold " + fold + ", " + checkpointFile.getFileName() + ": nnU-Net's state dict"
                + " (load_state_dict strict); the test output was computed by jnnunet with DJL's PyTorch "
                + engine.engineVersion());
        rdf.put("weights", Map.of("pytorch_state_dict", weights));
        Map<String, Object> jnnunet = new LinkedHashMap<>();
        jnnunet.put("dataset", datasetFolder);
        jnnunet.put("trainer", model.trainer());
        jnnunet.put("plans", model.plans());
        jnnunet.put("configuration", model.configuration());
        jnnunet.put("fold", fold);
        jnnunet.put("checkpoint", checkpointFile.getFileName().toString());
        jnnunet.put("epochs", epochs);
        jnnunet.put("test_case", testCase);
        jnnunet.put("prediction", "the network once on the whole input: no sliding window, no Gaussian weighting,"
                + " no mirroring, no resampling, no postprocessing (nnU-Net's prediction has them)");
        rdf.put("config", Map.of("jnnunet", jnnunet));
        return rdf;
    }

    /** A file of the package as the yaml names it: its name and sha256. */
    private static Map<String, Object> file(Path parts, String name) throws IOException {
        return ordered("source", name, "sha256", sha256(parts.resolve(name)));
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * The conda environment: PyTorch and nnU-Net, whose {@code get_network_from_plans} (from nnU-Net 2.4, when the
     * plans got their architecture section) builds the network with dynamic_network_architectures.
     */
    private static String environment() {
        return "name: nnunet-bioimageio\nchannels:\n  - conda-forge\ndependencies:\n  - python>=3.9\n"
                + "  - pytorch\n  - pip\n  - pip:\n      - nnunetv2>=2.4\n";
    }

    private static float[] concatenate(float[][] channels) {
        int n = channels[0].length;
        float[] all = new float[channels.length * n];
        for (int c = 0; c < channels.length; c++) {
            System.arraycopy(channels[c], 0, all, c * n, n);
        }
        return all;
    }

    private static void checkCancelled(ProgressListener progress) {
        if (progress.cancelled()) {
            throw new CancellationException("the bioimage.io export was cancelled");
        }
    }
}
