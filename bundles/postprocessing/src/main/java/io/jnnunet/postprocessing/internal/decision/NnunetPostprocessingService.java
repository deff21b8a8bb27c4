package io.jnnunet.postprocessing.internal.decision;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.EvaluationRequest;
import io.jnnunet.api.EvaluationSummary;
import io.jnnunet.api.FolderEvaluator;
import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.PostprocessingService;
import io.jnnunet.api.Postprocessor;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.AtomicFiles;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.postprocessing.internal.LargestComponentPostprocessor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nnU-Net's {@code determine_postprocessing} and {@code apply_postprocessing}. The decision tries "remove all but the
 * largest component" on the whole foreground (kept only if the foreground-mean Dice rises and no label's mean Dice
 * falls), then, with more than one label, on each label or region on top of the best result so far (kept if that
 * label's Dice rises). Postprocessors are looked up by name when used, so a bundle that adds one, or replaces one by
 * registering its name with a higher {@code service.ranking}, takes effect on the next call.
 */
@Component(service = PostprocessingService.class)
public class NnunetPostprocessingService implements PostprocessingService {

    static final String LARGEST_COMPONENT = LargestComponentPostprocessor.NAME;
    static final String POSTPROCESSED = "postprocessed";
    static final String SUMMARY = "summary.json";
    private static final String DICE = "Dice";
    private static final Logger LOG = LoggerFactory.getLogger(NnunetPostprocessingService.class);

    private final FolderEvaluator evaluator;
    private final ImageIoRegistry imageIoRegistry;
    private final NamedServices<Postprocessor> postprocessors =
            new NamedServices<>("postprocessor", Postprocessor.NAME, Postprocessor::name);
    private final NnunetJson json = new NnunetJson();

    @Activate
    public NnunetPostprocessingService(@Reference FolderEvaluator evaluator,
            @Reference ImageIoRegistry imageIoRegistry) {
        this.evaluator = evaluator;
        this.imageIoRegistry = imageIoRegistry;
    }

    /** Outside OSGi: with the given postprocessors. */
    public NnunetPostprocessingService(FolderEvaluator evaluator, ImageIoRegistry imageIoRegistry,
            List<Postprocessor> postprocessors) {
        this(evaluator, imageIoRegistry);
        postprocessors.forEach(this.postprocessors::add);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPostprocessor(Postprocessor postprocessor, Map<String, Object> properties) {
        postprocessors.add(postprocessor, properties);
    }

    void removePostprocessor(Postprocessor postprocessor) {
        postprocessors.remove(postprocessor);
    }

    @Override
    public Path determine(Path predictionFolder, Path referenceFolder, DatasetSpec dataset, int workers,
            ProgressListener progress) throws IOException {
        String ending = fileEnding(dataset);
        ImageIo io = imageIoRegistry.require(ending);
        List<String> cases = PredictionFolders.predictions(predictionFolder, ending);
        if (cases.isEmpty()) {
            throw new IOException(predictionFolder + " holds no predictions (*" + ending + ")");
        }
        if (!Files.isDirectory(referenceFolder)) {
            throw new IOException("the reference folder " + referenceFolder + " does not exist");
        }
        Postprocessor largest = postprocessors.require(LARGEST_COMPONENT);
        Path output = predictionFolder.resolve(POSTPROCESSED);
        AtomicFiles.deleteRecursively(output);
        Path temp = output.resolve("temp");

        EvaluationSummary baseline = evaluate(referenceFolder, predictionFolder, dataset, workers, progress);
        Map<String, Object> labels = labelsOrRegions(baseline);
        List<Integer> foreground = new ArrayList<>(new TreeSet<>(labels.keySet().stream()
                .flatMap(key -> Arrays.stream(labels(key)).boxed()).toList()));
        List<PostprocessingStep> accepted = new ArrayList<>();
        Path source = predictionFolder;
        EvaluationSummary current = baseline;

        PostprocessingStep whole = new PostprocessingStep(LARGEST_COMPONENT, foreground);
        Path candidate = temp.resolve("keep_largest_fg");
        run(List.of(whole), List.of(largest), source, candidate, cases, io, workers, progress);
        EvaluationSummary tried = evaluate(referenceFolder, candidate, dataset, workers, progress);
        if (improvesForeground(baseline, tried)) {
            LOG.info("Keeping the largest foreground component raises the foreground-mean Dice from {} to {}",
                    baseline.foregroundMean().get(DICE), tried.foregroundMean().get(DICE));
            accepted.add(whole);
            source = candidate;
            current = tried;
        } else {
            LOG.info("Keeping the largest foreground component does not improve the results");
        }

        // labels or regions in dataset.json order; regions can overlap, so each is tried on top of the best so far
        if (labels.size() > 1) {
            for (Map.Entry<String, Object> label : labels.entrySet()) {
                PostprocessingStep step = new PostprocessingStep(LARGEST_COMPONENT, label.getValue());
                candidate = temp.resolve("keep_largest_perClassOrRegion");
                AtomicFiles.deleteRecursively(candidate);
                run(List.of(step), List.of(largest), source, candidate, cases, io, workers, progress);
                tried = evaluate(referenceFolder, candidate, dataset, workers, progress);
                if (dice(tried, label.getKey()) > dice(current, label.getKey())) {
                    LOG.info("Keeping the largest component of {} raises its Dice from {} to {}", label.getKey(),
                            dice(current, label.getKey()), dice(tried, label.getKey()));
                    Path best = temp.resolve("keep_largest_perClassOrRegion_currentBest");
                    AtomicFiles.deleteRecursively(best);
                    Files.move(candidate, best);
                    accepted.add(step);
                    source = best;
                    current = tried;
                }
            }
        }

        for (String name : cases) {
            PredictionFolders.copy(source.resolve(name), output.resolve(name));
        }
        EvaluationSummary after = evaluate(referenceFolder, output, dataset, workers, progress);
        Path file = predictionFolder.resolve(PostprocessingDecision.FILE_NAME);
        json.write(file, PostprocessingDecision.of(baseline, after, accepted));
        AtomicFiles.deleteRecursively(temp);
        return file;
    }

    @Override
    public void apply(Path input, Path output, Path postprocessingJson, DatasetSpec dataset, int workers,
            ProgressListener progress) throws IOException {
        List<PostprocessingStep> steps = read(postprocessingJson);
        List<Postprocessor> operations = new ArrayList<>();
        for (PostprocessingStep step : steps) {
            operations.add(postprocessors.require(step.function()));
        }
        String ending = fileEnding(dataset);
        List<String> cases = PredictionFolders.predictions(input, ending);
        if (cases.isEmpty()) {
            throw new IOException(input + " holds no predictions (*" + ending + ")");
        }
        run(steps, operations, input, output, cases, imageIoRegistry.require(ending), workers, progress);
    }

    /** The steps of a {@code postprocessing.json}, checked. */
    List<PostprocessingStep> read(Path file) throws IOException {
        PostprocessingDecision decision = json.read(file, PostprocessingDecision.class);
        List<String> functions = decision.functions();
        List<Map<String, Object>> kwargs = decision.kwargs();
        if (functions == null || kwargs == null || functions.size() != kwargs.size()) {
            throw new IOException(file + ": postprocessing_fns and postprocessing_kwargs must be lists of the same"
                    + " length");
        }
        List<PostprocessingStep> steps = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) {
            Map<String, Object> arguments = kwargs.get(i);
            if (arguments == null || !arguments.containsKey(PostprocessingDecision.LABELS_OR_REGIONS)) {
                throw new IOException(file + ": postprocessing_kwargs[" + i + "] has no "
                        + PostprocessingDecision.LABELS_OR_REGIONS);
            }
            PostprocessingStep step = new PostprocessingStep(functions.get(i),
                    arguments.get(PostprocessingDecision.LABELS_OR_REGIONS));
            try {
                step.labels();
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": postprocessing_kwargs[" + i + "]: " + e.getMessage(), e);
            }
            steps.add(step);
        }
        return steps;
    }

    /** Reads each case, applies the steps in order and writes it, {@code workers} cases at a time. */
    private void run(List<PostprocessingStep> steps, List<Postprocessor> operations, Path from, Path to,
            List<String> cases, ImageIo io, int workers, ProgressListener progress) throws IOException {
        Files.createDirectories(to);
        String task = "postprocessing " + to.getFileName();
        AtomicLong done = new AtomicLong();
        AtomicInteger thread = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(workers, cases.size())), r -> {
            Thread t = new Thread(r, "nnunet-postprocessing-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String name : cases) {
                futures.add(pool.submit(() -> {
                    Path file = from.resolve(name);
                    ImageVolume segmentation = io.readSegmentation(file);
                    try {
                        for (int i = 0; i < steps.size(); i++) {
                            segmentation = operations.get(i).apply(segmentation, List.of(steps.get(i).labels()));
                        }
                    } catch (IllegalArgumentException e) {
                        throw new IOException(file + ": " + e.getMessage(), e);
                    }
                    io.write(segmentation, to.resolve(name));
                    progress.update(task, done.incrementAndGet(), cases.size());
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("postprocessing of " + from + " was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failure) {
                throw failure;
            }
            throw new IOException(from + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private EvaluationSummary evaluate(Path references, Path predictions, DatasetSpec dataset, int workers,
            ProgressListener progress) throws IOException {
        // chill, as nnU-Net: a fold's validation folder holds only its own cases
        return evaluator.evaluateFolder(new EvaluationRequest(references, predictions, predictions.resolve(SUMMARY),
                dataset, null, false, true, List.of("dice"), workers), progress);
    }

    /** The evaluated labels or regions by their summary key, in dataset.json order (as the summary lists them). */
    private static Map<String, Object> labelsOrRegions(EvaluationSummary summary) {
        Map<String, Object> labels = new LinkedHashMap<>();
        summary.mean().keySet().forEach(key -> labels.put(key, PostprocessingStep.labelOrRegion(key)));
        if (labels.isEmpty()) {
            throw new IllegalStateException(summary.file() + " has no label means to decide on");
        }
        return labels;
    }

    private static int[] labels(String key) {
        return new PostprocessingStep(LARGEST_COMPONENT, PostprocessingStep.labelOrRegion(key)).labels();
    }

    /** nnU-Net's whole-foreground rule: the foreground mean strictly higher, no label's mean lower (NaN never is). */
    private static boolean improvesForeground(EvaluationSummary before, EvaluationSummary after) {
        if (!(value(after.foregroundMean()) > value(before.foregroundMean()))) {
            return false;
        }
        return after.mean().keySet().stream().noneMatch(key -> dice(after, key) < dice(before, key));
    }

    private static double dice(EvaluationSummary summary, String key) {
        return value(summary.mean().get(key));
    }

    private static double value(Map<String, Double> metrics) {
        Double dice = metrics == null ? null : metrics.get(DICE);
        return dice == null ? Double.NaN : dice;
    }

    private static String fileEnding(DatasetSpec dataset) {
        if (dataset.fileEnding() == null || dataset.fileEnding().isBlank()) {
            throw new IllegalArgumentException("dataset.json has no file_ending");
        }
        return dataset.fileEnding();
    }
}
