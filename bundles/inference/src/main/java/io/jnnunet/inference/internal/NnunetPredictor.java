package io.jnnunet.inference.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.CaseProperties;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.Durations;
import io.jnnunet.api.EvaluationRequest;
import io.jnnunet.api.EvaluationSummary;
import io.jnnunet.api.FolderEvaluator;
import io.jnnunet.api.Futures;
import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.InstanceRecipe;
import io.jnnunet.api.InstanceTuner;
import io.jnnunet.api.LoadedModel;
import io.jnnunet.api.ObjectScale;
import io.jnnunet.api.Plans;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.PredictionRequest;
import io.jnnunet.api.PredictionResult;
import io.jnnunet.api.Predictor;
import io.jnnunet.api.PreprocessedCase;
import io.jnnunet.api.Preprocessor;
import io.jnnunet.api.SingleImageOptions;
import io.jnnunet.network.NetworkLoader;
import io.jnnunet.network.TrainedNetwork;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.Precision;
import io.jnnunet.djl.PrecisionChoice;
import io.jnnunet.formats.AtomicFiles;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.formats.CrossValidationSplits;
import io.jnnunet.formats.NpyArrays;
import io.jnnunet.formats.PreprocessedCaseFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * nnU-Net's {@code nnUNetPredictor}. Cases are read and preprocessed, and exported, by {@code workers} threads
 * while the calling thread runs the network; at most {@code workers} cases wait on each side, so memory stays bounded
 * however large the folder. A folder's cases and a {@link LoadedModel}'s single images take the same
 * {@link CasePipeline}. The networks come from the network loader, which builds them from the plans: a model folder's
 * trainer name is only a name here, so a folder trained by Python nnU-Net with a trainer jnnunet does not know
 * ({@code nnUNetTrainer_interop}) predicts as any other. The instance recipe comes from its service, looked up when a
 * prediction starts. With an {@link ObjectScale}, 2-D images are
 * zoomed so that their objects have the training median diameter: the zoom scales the image's spacing, so the
 * preprocessing's own resampling (nnU-Net's, cubic spline) zooms the image and the export's resamples the logits
 * back to the input's size.
 */
@Component(service = Predictor.class)
public class NnunetPredictor implements Predictor {

    private static final Pattern CHANNEL_FILE = Pattern.compile("(.+)_(\\d{4})");

    private final ComputeEngine engine;
    private final Preprocessor preprocessor;
    private final ImageIoRegistry imageIos;
    private final NetworkLoader loader;
    private final NnunetJson json = new NnunetJson();
    private final NamedServices<InstanceRecipe> recipes =
            new NamedServices<>("instance recipe", InstanceRecipe.NAME, InstanceRecipe::name);
    private volatile FolderEvaluator evaluator;

    @Activate
    public NnunetPredictor(@Reference(name = "engine") ComputeEngine engine,
            @Reference(name = "preprocessor") Preprocessor preprocessor,
            @Reference(name = "imageIos") ImageIoRegistry imageIos,
            @Reference(name = "loader") NetworkLoader loader) {
        this.engine = engine;
        this.loader = loader;
        this.preprocessor = preprocessor;
        this.imageIos = imageIos;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeRecipe")
    void addRecipe(InstanceRecipe recipe, Map<String, Object> properties) {
        recipes.add(recipe, properties);
    }

    void removeRecipe(InstanceRecipe recipe) {
        recipes.remove(recipe);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unsetEvaluator")
    void setEvaluator(FolderEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    void unsetEvaluator(FolderEvaluator evaluator) {
        if (this.evaluator == evaluator) {
            this.evaluator = null;
        }
    }

    @Override
    public PredictionResult predict(PredictionRequest request, ProgressListener listener) throws IOException {
        long start = System.nanoTime();
        ModelFolder model = ModelFolder.resolve(request.modelFolder(), request.folds(), request.checkpointName());
        Plans plans = json.read(model.folder().resolve("plans.json"), Plans.class);
        DatasetSpec dataset = json.read(model.folder().resolve("dataset.json"), DatasetSpec.class);
        ImageIo imageIo = imageIos.require(dataset.fileEnding());
        Map<String, List<Path>> cases = discover(request.input(), dataset);
        if (request.cases() != null) {
            List<String> missing = request.cases().stream().filter(id -> !cases.containsKey(id)).toList();
            if (!missing.isEmpty()) {
                throw new IOException("cases " + missing + " are not in " + request.input());
            }
            cases.keySet().retainAll(request.cases());
        }
        Files.createDirectories(request.output());
        List<String> pending = new ArrayList<>();
        int skipped = 0;
        for (String id : cases.keySet()) {
            Path out = request.output().resolve(id + dataset.fileEnding());
            boolean done = Files.exists(out) && (!request.saveProbabilities()
                    || Files.exists(request.output().resolve(id + ".npz")));
            if (request.continuePrediction() && done) {
                skipped++;
            } else {
                pending.add(id);
            }
        }
        CasePipeline.Settings settings = settings(model.folder(), request.instanceRecipe(), request.objectScale(),
                listener);
        writeRunFiles(request, model);
        if (skipped > 0) {
            listener.message("Skipping " + skipped + " case(s) whose prediction exists (--continue-prediction)");
        }
        List<Path> written = new ArrayList<>();
        try (NnunetLoadedModel networks = open(model, plans, dataset, request.device(), request.precision(),
                listener)) {
            CasePipeline pipeline = new CasePipeline(preprocessor, imageIo, networks, networks.manager(),
                    request.mirroring(), request.stepSize(), settings);
            ExecutorService pool = Executors.newFixedThreadPool(request.workers(), daemonThreads());
            try {
                Deque<Future<PreprocessedCase>> loading = new ArrayDeque<>();
                Deque<Future<List<Path>>> exporting = new ArrayDeque<>();
                int next = 0;
                for (int i = 0; i < pending.size(); i++) {
                    while (next < pending.size() && next <= i + request.workers()) {
                        String id = pending.get(next++);
                        loading.add(pool.submit(() -> pipeline.preprocess(id, imageIo.readImages(cases.get(id)))));
                    }
                    String id = pending.get(i);
                    PreprocessedCase first = Futures.await(loading.poll(), id);
                    if (i == 0) {
                        estimate(pipeline.window(), networks.networks().size(), first.data().shape(), pending.size(),
                                listener);
                    }
                    CasePipeline.CaseLogits logits = pipeline.predict(id, first,
                            () -> imageIo.readImages(cases.get(id)), i, pending.size(), listener);
                    if (logits == null) {
                        listener.message("Cancelled; " + i + " of " + pending.size() + " cases were predicted");
                        break;
                    }
                    while (exporting.size() >= request.workers()) {
                        written.addAll(Futures.await(exporting.poll(), "export"));
                    }
                    Path file = request.output().resolve(id + dataset.fileEnding());
                    exporting.add(pool.submit(() -> pipeline.write(logits, file, id, request.saveProbabilities())));
                }
                while (!exporting.isEmpty()) {
                    written.addAll(Futures.await(exporting.poll(), "export"));
                }
            } finally {
                pool.shutdownNow();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new PredictionResult(request.output(), written, skipped, seconds);
    }

    @Override
    public List<String> cases(Path input, Path modelFolder) throws IOException {
        DatasetSpec dataset = json.read(modelFolder.resolve("dataset.json"), DatasetSpec.class);
        return List.copyOf(discover(input, dataset).keySet());
    }

    @Override
    public LoadedModel load(Path modelFolder, List<String> folds, String checkpointName, String device,
            ProgressListener listener) throws IOException {
        ModelFolder model = ModelFolder.resolve(modelFolder, folds == null ? List.of() : folds, checkpointName);
        Plans plans = json.read(model.folder().resolve("plans.json"), Plans.class);
        DatasetSpec dataset = json.read(model.folder().resolve("dataset.json"), DatasetSpec.class);
        imageIos.require(dataset.fileEnding());
        return open(model, plans, dataset, device, null, listener);
    }

    /**
     * The folds' networks on a manager of the device, which the returned model closes.
     *
     * @param precision {@code fp32}, {@code bf16}, or {@code null} for the plans'
     */
    private NnunetLoadedModel open(ModelFolder model, Plans plans, DatasetSpec dataset, String device,
            String precision, ProgressListener listener) throws IOException {
        NDManager manager = newManager(device);
        try {
            List<TrainedNetwork> networks = load(model, manager, listener);
            PrecisionChoice chosen = precision(precision, networks.get(0), manager.getDevice(), listener);
            return new NnunetLoadedModel(this, engine, model, plans, dataset, manager, networks, chosen);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The precision of a model's passes: the one asked for, else its plans' {@code precision}, else fp32; as the
     * engine can run it on the device. Told to the listener unless it is plain fp32.
     */
    private PrecisionChoice precision(String requested, TrainedNetwork network, Device device,
            ProgressListener listener) {
        Object planned = network.plans().configuration(network.configuration()).other().get("precision");
        Precision asked = requested != null ? Precision.parse(requested, "precision")
                : planned != null ? Precision.parse(planned.toString(), "the plans' precision") : Precision.FP32;
        PrecisionChoice chosen = engine.precision(asked, device);
        if (asked != Precision.FP32) {
            listener.message("Precision: " + chosen);
        }
        return chosen;
    }

    /** A root manager on the named device (the default for {@code null}); the caller closes it. */
    private NDManager newManager(String device) {
        return engine.newManager(device == null ? engine.defaultDevice() : engine.device(device));
    }

    /**
     * A single image's path through loaded networks, its instance recipe and object scale resolved.
     *
     * @param manager where the image's arrays are made, on the networks' device
     */
    CasePipeline pipeline(NnunetLoadedModel networks, NDManager manager, SingleImageOptions options,
            ProgressListener listener) throws IOException {
        return new CasePipeline(preprocessor, imageIos.require(networks.dataset().fileEnding()), networks, manager,
                options.mirroring(), options.stepSize(), settings(networks.modelFolder(), options.instanceRecipe(),
                        options.objectScale(), listener));
    }

    /**
     * The recipe (with the parameters tuned for the model folder) and the object scale of a prediction, told to the
     * listener.
     */
    private CasePipeline.Settings settings(Path modelFolder, String recipeName, ObjectScale scale,
            ProgressListener listener) throws IOException {
        InstanceRecipe recipe = recipeName == null ? null : recipe(recipeName);
        Map<String, Double> instanceParameters = recipe == null ? Map.of() : instanceParameters(modelFolder, recipe,
                listener);
        InstanceRecipe measuring = scale == null || !scale.measured() ? null : recipe(scale.recipe());
        Map<String, Double> measuringParameters = measuring == null ? Map.of() : measuring == recipe
                ? instanceParameters : instanceParameters(modelFolder, measuring, listener);
        double zoom = scale == null || scale.measured() ? 1
                : CasePipeline.limited(scale.factor(scale.diameter()), listener);
        if (scale != null) {
            listener.message(String.format(Locale.ROOT, "Objects zoomed to the training median diameter of %.1f"
                    + " px: %s", scale.trainingDiameter(), scale.measured() ? "each image's measured on a first"
                    + " pass at native scale with " + measuring.name() : String.format(Locale.ROOT,
                    "%.1f px, zoom %.3f", scale.diameter(), zoom)));
        }
        return new CasePipeline.Settings(recipe, instanceParameters, scale, measuring, measuringParameters, zoom);
    }

    @Override
    public EvaluationSummary validate(Path foldFolder, Path preprocessedDataset, String checkpointName, String device,
            ProgressListener listener) throws IOException {
        if (ModelFolder.checkpoint(foldFolder, checkpointName) == null) {
            throw new IOException("cannot validate " + foldFolder + ": it has no "
                    + ModelFolder.describe(checkpointName) + " (train the fold first)");
        }
        String fold = NnunetPaths.fold(foldFolder);
        ModelFolder model = ModelFolder.resolve(foldFolder.getParent(), List.of(fold), checkpointName);
        Path output = NnunetPaths.validationFolder(foldFolder);
        Files.createDirectories(output);
        try (NDManager manager = newManager(device)) {
            TrainedNetwork network = load(model, manager, listener).get(0);
            Plans plans = network.plans();
            DatasetSpec dataset = network.dataset();
            Path data = preprocessedDataset.resolve(plans.configuration(network.configuration()).dataIdentifier());
            List<String> cases = CrossValidationSplits.split(preprocessedDataset,
                    PreprocessedCaseFiles.caseIdentifiers(data), fold).val();
            SlidingWindowPredictor window = new SlidingWindowPredictor(List.of(network), manager, true, 0.5, engine,
                    precision(null, network, manager.getDevice(), listener).precision());
            PredictionExport export = new PredictionExport(preprocessor, plans, network.configuration(),
                    imageIos.require(dataset.fileEnding()), null, Map.of());
            for (int i = 0; i < cases.size(); i++) {
                String id = cases.get(i);
                PreprocessedCaseFiles files = PreprocessedCaseFiles.of(data, id);
                NpyArrays.Float32Array array = NpyArrays.readFloat32(files.data());
                int[] shape = Arrays.copyOfRange(array.shape(), 1, 4);
                int channels = array.shape()[0];
                int voxels = shape[0] * shape[1] * shape[2];
                float[][] image = new float[channels][];
                for (int c = 0; c < channels; c++) {
                    image[c] = Arrays.copyOfRange(array.data(), c * voxels, (c + 1) * voxels);
                }
                if (i == 0) {
                    estimate(window, 1, shape, cases.size(), listener);
                }
                int caseIndex = i;
                long tiles = window.tilePasses(shape);
                float[][] logits = window.predict(image, shape, done -> listener.update("validating",
                        caseIndex * tiles + done, cases.size() * tiles), listener::cancelled);
                if (logits == null) {
                    throw new IOException("validation of " + foldFolder + " was cancelled");
                }
                export.write(logits, shape, json.read(files.properties(), CaseProperties.class),
                        output.resolve(id + dataset.fileEnding()), id, false, false);
            }
            listener.message("Predicted " + cases.size() + " validation cases into " + output);
            FolderEvaluator folderEvaluator = evaluator;
            if (folderEvaluator == null) {
                listener.message("No evaluation is installed (feature jnnunet-evaluation): summary.json not written");
                return null;
            }
            return folderEvaluator.evaluateFolder(new EvaluationRequest(preprocessedDataset.resolve("gt_segmentations"),
                    output, output.resolve("summary.json"), dataset, null, false, true, List.of(),
                    Math.max(1, engine.threads())), listener);
        }
    }

    private List<TrainedNetwork> load(ModelFolder model, NDManager manager, ProgressListener listener)
            throws IOException {
        List<TrainedNetwork> networks = new ArrayList<>();
        for (Path checkpoint : model.checkpoints()) {
            networks.add(loader.load(checkpoint, manager));
        }
        listener.message("Using " + model.checkpoints().size() + " fold(s) of " + model.folder() + ": "
                + model.checkpoints().stream().map(c -> ModelFolder.foldName(c) + "/" + c.getFileName()).toList());
        return networks;
    }

    /** Times one network pass (after a warm-up pass) and tells how long the whole prediction will take. */
    private static void estimate(SlidingWindowPredictor window, int folds, int[] shape, int cases,
            ProgressListener listener) {
        double perPass = window.secondsPerPass();
        long passes = window.batchCount(shape) * folds;
        listener.message(String.format(Locale.ROOT, "%d case(s), each %d tile(s) x %d mirrored cop%s x %d fold(s)"
                + " in %d network passes of %.2f s: about %s in all", cases, window.tileCount(shape),
                window.mirrorCount(), window.mirrorCount() == 1 ? "y" : "ies", folds, passes, perPass,
                Durations.format(perPass * passes * cases)));
    }

    private InstanceRecipe recipe(String name) {
        return recipes.require(name);
    }

    /** The parameters tuned for this model folder ({@code instances.json}, {@link InstanceTuner}) for this recipe. */
    private Map<String, Double> instanceParameters(Path modelFolder, InstanceRecipe recipe,
            ProgressListener listener) throws IOException {
        Path file = modelFolder.resolve(InstanceTuner.FILE_NAME);
        if (Files.isRegularFile(file)) {
            JsonNode tuned = json.read(file, JsonNode.class);
            if (tuned != null && recipe.name().equals(tuned.path("recipe").asText())) {
                Map<String, Double> parameters = new LinkedHashMap<>(recipe.defaultParameters());
                tuned.path("parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(),
                        e.getValue().asDouble()));
                listener.message("Instances: " + recipe.name() + " with the parameters tuned in " + file + ": "
                        + parameters);
                return parameters;
            }
        }
        listener.message("Instances: " + recipe.name() + " with its default parameters "
                + recipe.defaultParameters());
        return recipe.defaultParameters();
    }

    /**
     * The cases of an input folder: files {@code {case}_{XXXX}{ending}}, channels in name order; a case with another
     * number of channels than dataset.json declares is an error naming it.
     */
    static Map<String, List<Path>> discover(Path input, DatasetSpec dataset) throws IOException {
        if (!Files.isDirectory(input)) {
            throw new IOException("input folder " + input + " does not exist");
        }
        String ending = dataset.fileEnding();
        Map<String, List<Path>> cases = new TreeMap<>();
        try (Stream<Path> files = Files.list(input)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(ending) || name.startsWith(".")) {
                    continue;
                }
                Matcher m = CHANNEL_FILE.matcher(name.substring(0, name.length() - ending.length()));
                if (m.matches()) {
                    cases.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(file);
                }
            }
        }
        if (cases.isEmpty()) {
            throw new IOException("no images {case}_0000" + ending + " in " + input);
        }
        for (Map.Entry<String, List<Path>> c : cases.entrySet()) {
            if (c.getValue().size() != dataset.numberOfChannels()) {
                throw new IOException("case " + c.getKey() + " in " + input + " has " + c.getValue().size()
                        + " channel file(s); the model was trained on " + dataset.numberOfChannels());
            }
        }
        return cases;
    }

    /** nnU-Net leaves its arguments, the plans and dataset.json beside the predictions. */
    private void writeRunFiles(PredictionRequest request, ModelFolder model) throws IOException {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("list_of_lists_or_source_folder", request.input().toString());
        args.put("output_folder_or_list_of_truncated_output_files", request.output().toString());
        args.put("model_training_output_dir", model.folder().toString());
        args.put("use_folds", model.checkpoints().stream().map(ModelFolder::foldName).toList());
        args.put("checkpoint_name", model.checkpoints().get(0).getFileName().toString());
        args.put("tile_step_size", request.stepSize());
        args.put("use_mirroring", request.mirroring());
        args.put("save_probabilities", request.saveProbabilities());
        args.put("instances", request.instanceRecipe());
        args.put("device", request.device());
        ObjectScale scale = request.objectScale();
        args.put("object_diameter", scale == null ? null : scale.measured() ? ObjectScale.AUTO : scale.diameter());
        json.write(request.output().resolve("predict_from_raw_data_args.json"), args);
        for (String name : List.of("plans.json", "dataset.json")) {
            byte[] bytes = Files.readAllBytes(model.folder().resolve(name));
            AtomicFiles.write(request.output().resolve(name), out -> out.write(bytes));
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, "jnnunet-predict-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
