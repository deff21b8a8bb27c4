package io.jnnunet.evaluation.internal;

import io.jnnunet.api.CaseEvaluation;
import io.jnnunet.api.EvaluationRequest;
import io.jnnunet.api.EvaluationSummary;
import io.jnnunet.api.Evaluator;
import io.jnnunet.api.FolderEvaluator;
import io.jnnunet.api.Futures;
import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.InstanceRecipe;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SampleType;
import io.jnnunet.formats.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * nnU-Net's {@code compute_metrics_on_folder}: the prediction files are paired by name with the reference files, every
 * case is evaluated by the evaluators installed when the evaluation starts (a running evaluation keeps them; of
 * several with one {@value Evaluator#NAME} the highest-ranked), and {@code summary.json} is written in nnU-Net's layout
 * with the other evaluators' groups beside it.
 *
 * <p>Semantic predictions are split into instances, for the instance metrics, by the {@value #COMPONENTS} recipe
 * (postprocessing bundle), taken when the evaluation starts; without it their instance metrics are skipped with a
 * note in the summary.
 */
@Component(service = FolderEvaluator.class)
public class NnunetFolderEvaluator implements FolderEvaluator {

    /** The instance recipe that turns a semantic prediction into instances: its connected components. */
    static final String COMPONENTS = "connected-components";

    private static final String TASK = "evaluation";

    private final ImageIoRegistry images;
    private final NamedServices<Evaluator> installed = new NamedServices<>("evaluator", Evaluator.NAME,
            Evaluator::name);

    // greedy: a higher-ranked recipe of this name installed later replaces the bound one
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + InstanceRecipe.NAME + "=" + COMPONENTS + ")")
    private volatile InstanceRecipe components;

    @Activate
    public NnunetFolderEvaluator(@Reference ImageIoRegistry images) {
        this.images = images;
    }

    /** An evaluator with the given evaluators installed, for use outside OSGi. */
    public NnunetFolderEvaluator(ImageIoRegistry images, List<Evaluator> evaluators) {
        this(images);
        evaluators.forEach(installed::add);
    }

    /**
     * An evaluator with the given evaluators and the recipe that splits semantic predictions into instances, for use
     * outside OSGi.
     */
    public NnunetFolderEvaluator(ImageIoRegistry images, List<Evaluator> evaluators, InstanceRecipe components) {
        this(images, evaluators);
        this.components = components;
    }

    /** An evaluator with this bundle's evaluators ({@code dice}, {@code instances}), for use outside OSGi. */
    public static NnunetFolderEvaluator withBuiltInEvaluators(ImageIoRegistry images) {
        return new NnunetFolderEvaluator(images, List.of(new DiceEvaluator(), new InstanceEvaluator()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEvaluator(Evaluator evaluator, Map<String, Object> properties) {
        installed.add(evaluator, properties);
    }

    void removeEvaluator(Evaluator evaluator) {
        installed.remove(evaluator);
    }

    private record Case(String id, Path reference, Path prediction, Path referenceInstances) {
    }

    private record CaseResult(Case files, List<Map<String, Map<String, Number>>> byEvaluator) {
    }

    /**
     * How a case's predicted instances are had: the prediction itself, or the recipe's split of it; {@code null}
     * recipe and not {@code predictionsAreInstances}: no instance metrics.
     */
    private record InstanceSource(boolean predictionsAreInstances, InstanceRecipe recipe) {

        boolean available() {
            return predictionsAreInstances || recipe != null;
        }

        ImageVolume instances(ImageVolume prediction) {
            return predictionsAreInstances ? prediction : recipe.instances(prediction, Map.of());
        }
    }

    @Override
    public EvaluationSummary evaluateFolder(EvaluationRequest request, ProgressListener progress) throws IOException {
        DatasetLabels labels = DatasetLabels.of(request.dataset());
        String ending = request.dataset().fileEnding();
        if (ending == null || ending.isBlank()) {
            throw new IllegalArgumentException("dataset.json has no file_ending");
        }
        if (request.predictionsAreInstances() && labels.labelsOrRegions().size() != 1) {
            throw new IllegalArgumentException("instance predictions need a dataset with one foreground label;"
                    + " dataset.json has " + labels.labelsOrRegions().keySet());
        }
        List<Evaluator> evaluators = select(request.evaluators());
        ImageIo io = images.require(ending);
        InstanceSource instanceSource = new InstanceSource(request.predictionsAreInstances(), components);
        List<String> notes = new ArrayList<>();
        EvaluationRequest effective = request;
        if (request.referenceInstancesFolder() != null && !instanceSource.available()) {
            notes.add("instance metrics skipped: the predictions are semantic labels and no instance recipe '"
                    + COMPONENTS + "' is installed to split them into instances (the jnnunet-postprocessing bundle"
                    + " provides it)");
            effective = withoutInstanceReferences(request);
        }
        List<Case> cases = pair(effective, ending);

        int workers = Math.max(1, request.workers());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, cases.size()));
        AtomicLong done = new AtomicLong();
        List<CaseResult> results = new ArrayList<>();
        try {
            List<Future<CaseResult>> futures = new ArrayList<>();
            for (Case c : cases) {
                futures.add(pool.submit(() -> {
                    CaseResult result = evaluate(c, io, labels, instanceSource, evaluators);
                    progress.update(TASK, done.incrementAndGet(), cases.size());
                    return result;
                }));
            }
            for (Future<CaseResult> future : futures) {
                results.add(Futures.await(future, "the evaluation of a case"));
            }
        } finally {
            pool.shutdownNow();
        }
        return summarize(request, labels, evaluators, results, notes);
    }

    private static EvaluationRequest withoutInstanceReferences(EvaluationRequest r) {
        return new EvaluationRequest(r.referenceFolder(), r.predictionFolder(), r.output(), r.dataset(), null,
                r.predictionsAreInstances(), r.chill(), r.evaluators(), r.workers());
    }

    /** The named evaluators, or every installed one (the highest-ranked of each name) when none is named. */
    private List<Evaluator> select(List<String> names) {
        return names.isEmpty() ? installed.active() : names.stream().map(installed::require).toList();
    }

    /** nnU-Net pairs every prediction with the reference of the same name; without chill every reference needs one. */
    private static List<Case> pair(EvaluationRequest request, String ending) throws IOException {
        Set<String> predictions = files(request.predictionFolder(), ending);
        Set<String> references = files(request.referenceFolder(), ending);
        if (predictions.isEmpty()) {
            throw new IOException(request.predictionFolder() + " holds no prediction files (*" + ending + ")");
        }
        if (!request.chill()) {
            List<String> missing = references.stream().filter(r -> !predictions.contains(r)).toList();
            if (!missing.isEmpty()) {
                throw new IOException("not every file of " + request.referenceFolder() + " has a prediction in "
                        + request.predictionFolder() + ": missing " + missing.size() + " (" + first(missing)
                        + "); use chill to evaluate only the predictions that exist");
            }
        }
        List<Case> cases = new ArrayList<>();
        for (String name : predictions) {
            Path reference = request.referenceFolder().resolve(name);
            if (!references.contains(name)) {
                throw new NoSuchFileException(reference.toString(), null,
                        "no reference for prediction " + request.predictionFolder().resolve(name));
            }
            Path instances = null;
            if (request.referenceInstancesFolder() != null) {
                instances = request.referenceInstancesFolder().resolve(name);
                if (!Files.isRegularFile(instances)) {
                    throw new NoSuchFileException(instances.toString(), null,
                            "no reference instances for prediction " + request.predictionFolder().resolve(name));
                }
            }
            cases.add(new Case(name.substring(0, name.length() - ending.length()), reference,
                    request.predictionFolder().resolve(name), instances));
        }
        return cases;
    }

    private static Set<String> files(Path folder, String ending) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "not a folder");
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(ending)).collect(TreeSet::new, Set::add, Set::addAll);
        }
    }

    private static String first(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(5, names.size())))
                + (names.size() > 5 ? ", ..." : "");
    }

    private static CaseResult evaluate(Case c, ImageIo io, DatasetLabels labels, InstanceSource instanceSource,
            List<Evaluator> evaluators) throws IOException {
        ImageVolume reference = io.readSegmentation(c.reference());
        ImageVolume prediction = io.readSegmentation(c.prediction());
        sameShape(reference, c.reference(), prediction, c.prediction());
        ImageVolume referenceInstances = null;
        ImageVolume predictedInstances = null;
        if (c.referenceInstances() != null) {
            referenceInstances = io.readSegmentation(c.referenceInstances());
            sameShape(reference, c.reference(), referenceInstances, c.referenceInstances());
            try {
                predictedInstances = instanceSource.instances(prediction);
            } catch (IllegalArgumentException e) {
                throw new IOException(c.prediction() + " cannot be split into instances: " + e.getMessage(), e);
            }
        }
        if (instanceSource.predictionsAreInstances()) {
            prediction = foreground(prediction, labels.labelsOrRegions().values().iterator().next()[0]);
        }
        CaseEvaluation evaluation = new CaseEvaluation(c.id(), reference, prediction, labels.labelsOrRegions(),
                labels.ignoreLabel(), referenceInstances, predictedInstances);
        List<Map<String, Map<String, Number>>> byEvaluator = new ArrayList<>();
        for (Evaluator evaluator : evaluators) {
            byEvaluator.add(evaluator.evaluate(evaluation));
        }
        return new CaseResult(c, byEvaluator);
    }

    private static void sameShape(ImageVolume a, Path fileA, ImageVolume b, Path fileB) throws IOException {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IOException(fileB + " has shape " + Arrays.toString(b.shape()) + " but " + fileA + " has "
                    + Arrays.toString(a.shape()));
        }
    }

    private static ImageVolume foreground(ImageVolume instances, int label) {
        float[] ids = instances.channel(0);
        float[] semantic = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            semantic[i] = ids[i] > 0 ? label : 0;
        }
        return ImageVolume.of(instances.shape(), instances.spacing(), SampleType.UINT8, semantic);
    }

    private EvaluationSummary summarize(EvaluationRequest request, DatasetLabels labels, List<Evaluator> evaluators,
            List<CaseResult> results, List<String> notes) throws IOException {
        Set<String> labelKeys = labels.labelsOrRegions().keySet();
        List<Object> perCase = new ArrayList<>();
        // label key -> metric -> values over cases; group -> metric -> values over cases
        Map<String, Map<String, List<Number>>> labelValues = new LinkedHashMap<>();
        Map<String, Map<String, List<Number>>> groupValues = new TreeMap<>();
        for (CaseResult result : results) {
            Map<String, Map<String, Number>> metrics = new TreeMap<>();
            Map<String, Object> entry = new TreeMap<>();
            for (Map<String, Map<String, Number>> fromEvaluator : result.byEvaluator()) {
                fromEvaluator.forEach((key, values) -> {
                    Map<String, Number> target;
                    if (labelKeys.contains(key)) {
                        target = metrics.computeIfAbsent(key, k -> new TreeMap<>());
                    } else {
                        if (Set.of("metrics", "prediction_file", "reference_file").contains(key)) {
                            throw new IllegalStateException("an evaluator wrote the reserved key '" + key + "'");
                        }
                        @SuppressWarnings("unchecked")
                        Map<String, Number> group = (Map<String, Number>) entry.computeIfAbsent(key,
                                k -> new TreeMap<String, Number>());
                        target = group;
                    }
                    values.forEach((metric, value) -> {
                        if (target.put(metric, value) != null) {
                            throw new IllegalStateException("two evaluators wrote metric '" + metric + "' of '"
                                    + key + "'");
                        }
                        (labelKeys.contains(key) ? labelValues : groupValues).computeIfAbsent(key,
                                k -> new TreeMap<>()).computeIfAbsent(metric, k -> new ArrayList<>()).add(value);
                    });
                });
            }
            entry.put("metrics", metrics);
            entry.put("prediction_file", result.files().prediction().toString());
            entry.put("reference_file", result.files().reference().toString());
            perCase.add(entry);
        }

        Map<String, Map<String, Double>> mean = new LinkedHashMap<>();
        for (String key : labelKeys) {
            if (labelValues.containsKey(key)) {
                mean.put(key, nanMeans(labelValues.get(key)));
            }
        }
        // nnU-Net: the plain mean over labels of each label's mean (key 0 skipped), so one NaN label makes it NaN
        Map<String, Double> foregroundMean = new TreeMap<>();
        Set<String> metricNames = new TreeSet<>();
        mean.values().forEach(m -> metricNames.addAll(m.keySet()));
        for (String metric : metricNames) {
            foregroundMean.put(metric, NumpySum.mean(mean.entrySet().stream().filter(e -> !e.getKey().equals("0"))
                    .mapToDouble(e -> e.getValue().getOrDefault(metric, Double.NaN)).toArray()));
        }

        Map<String, Object> summary = new TreeMap<>();
        summary.put("foreground_mean", foregroundMean);
        summary.put("mean", mean);
        summary.put("metric_per_case", perCase);
        Map<String, Map<String, Double>> groupMeans = new TreeMap<>();
        groupValues.forEach((group, values) -> groupMeans.put(group, nanMeans(values)));
        groupMeans.forEach((group, values) -> summary.put(group + "_mean", values));
        for (int i = 0; i < evaluators.size(); i++) {
            int index = i;
            evaluators.get(i).pool(results.stream().map(r -> r.byEvaluator().get(index)).toList())
                    .forEach((group, values) -> summary.put(group + "_pooled", new TreeMap<>(values)));
        }
        if (!notes.isEmpty()) {
            summary.put("notes", notes);
        }
        String text = PythonJson.write(summary);
        AtomicFiles.write(request.output(), out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        return new EvaluationSummary(request.output(), results.size(), foregroundMean, mean,
                groupMeans.getOrDefault(Evaluator.INSTANCES, Map.of()), notes);
    }

    /** nnU-Net's {@code np.nanmean} over cases, per metric. */
    private static Map<String, Double> nanMeans(Map<String, List<Number>> values) {
        Map<String, Double> means = new TreeMap<>();
        values.forEach((metric, list) -> means.put(metric,
                NumpySum.nanMean(list.stream().mapToDouble(Number::doubleValue).toArray())));
        return means;
    }
}
