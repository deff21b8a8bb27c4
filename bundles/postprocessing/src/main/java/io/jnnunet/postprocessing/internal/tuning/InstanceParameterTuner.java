package io.jnnunet.postprocessing.internal.tuning;

import io.jnnunet.api.CaseEvaluation;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.Evaluator;
import io.jnnunet.api.ImageIo;
import io.jnnunet.api.ImageIoRegistry;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.InstanceRecipe;
import io.jnnunet.api.InstanceTuner;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.postprocessing.internal.instances.InstanceMaps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Coordinate search over a recipe's decoding parameters, scored by the installed {@code instances} evaluator's
 * AP@0.5 averaged over the validation cases. Every case is read once and decoded in memory for each trial.
 */
@Component(service = InstanceTuner.class)
public class InstanceParameterTuner implements InstanceTuner {

    static final String METRIC = "AP@0.5";
    /** Values tried per parameter, as multiples of its default (a default of 0 is tried at 0, 1, 2, 4, 8). */
    private static final double[] MULTIPLES = {0, 0.5, 1, 2, 4};
    private static final int ROUNDS = 2;

    private final ImageIoRegistry imageIos;
    private final Evaluator evaluator;
    private final NamedServices<InstanceRecipe> recipes =
            new NamedServices<>("instance recipe", InstanceRecipe.NAME, InstanceRecipe::name);

    @Activate
    public InstanceParameterTuner(@Reference(name = "imageIos") ImageIoRegistry imageIos,
            @Reference(name = "evaluator", target = "(" + Evaluator.NAME + "=" + Evaluator.INSTANCES + ")",
                    policyOption = ReferencePolicyOption.GREEDY) Evaluator evaluator) {
        this.imageIos = imageIos;
        this.evaluator = evaluator;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeRecipe")
    void addRecipe(InstanceRecipe recipe, Map<String, Object> properties) {
        recipes.add(recipe, properties);
    }

    void removeRecipe(InstanceRecipe recipe) {
        recipes.remove(recipe);
    }

    /** A validation case: its semantic prediction and its instance reference. */
    private record Case(String id, ImageVolume prediction, ImageVolume referenceInstances) {
    }

    @Override
    public InstanceTuning tune(String recipeName, List<Path> predictionFolders, Path referenceInstancesFolder,
            DatasetSpec dataset, Path output, ProgressListener progress) throws IOException {
        InstanceRecipe recipe = recipes.require(recipeName);
        List<Case> cases = read(predictionFolders, referenceInstancesFolder, dataset);
        Map<String, Double> best = new LinkedHashMap<>(recipe.defaultParameters());
        List<Trial> trials = new ArrayList<>();
        Set<Map<String, Double>> tried = new HashSet<>();
        double defaultScore = score(recipe, best, cases);
        trials.add(new Trial(Map.copyOf(best), defaultScore));
        tried.add(Map.copyOf(best));
        double bestScore = defaultScore;
        int total = ROUNDS * best.size() * MULTIPLES.length;
        int done = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Double> parameter : recipe.defaultParameters().entrySet()) {
                for (double multiple : MULTIPLES) {
                    double base = parameter.getValue() == 0 ? 2 : parameter.getValue();
                    double value = multiple * base;
                    Map<String, Double> candidate = new LinkedHashMap<>(best);
                    candidate.put(parameter.getKey(), value);
                    if (tried.add(Map.copyOf(candidate))) {
                        double score = score(recipe, candidate, cases);
                        trials.add(new Trial(Map.copyOf(candidate), score));
                        if (score > bestScore) {
                            bestScore = score;
                            best = candidate;
                        }
                    }
                    progress.update("tuning " + recipeName, ++done, total);
                }
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("recipe", recipeName);
        json.put("parameters", best);
        json.put("metric", METRIC + ", mean over validation cases");
        json.put("score", bestScore);
        json.put("default_score", defaultScore);
        json.put("cases", cases.size());
        json.put("prediction_folders", predictionFolders.stream().map(Path::toString).toList());
        json.put("trials", trials);
        new NnunetJson().write(output, json);
        return new InstanceTuning(recipeName, Map.copyOf(best), bestScore, defaultScore, cases.size(), trials, output);
    }

    private double score(InstanceRecipe recipe, Map<String, Double> parameters, List<Case> cases) {
        return cases.parallelStream().mapToDouble(c -> {
            ImageVolume instances = recipe.instances(c.prediction(), parameters);
            CaseEvaluation evaluation = new CaseEvaluation(c.id(),
                    InstanceMaps.foregroundTrainingLabels(c.referenceInstances()),
                    InstanceMaps.foregroundTrainingLabels(instances), Map.of("1", new int[] {1}), null,
                    c.referenceInstances(), instances);
            Number ap = evaluator.evaluate(evaluation).getOrDefault(Evaluator.INSTANCES, Map.of()).get(METRIC);
            return ap == null ? Double.NaN : ap.doubleValue();
        }).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private List<Case> read(List<Path> folders, Path references, DatasetSpec dataset) throws IOException {
        String ending = dataset.fileEnding();
        ImageIo io = imageIos.require(ending);
        List<Case> cases = new ArrayList<>();
        for (Path folder : folders) {
            List<Path> files;
            try (Stream<Path> list = Files.list(folder)) {
                files = list.filter(f -> f.getFileName().toString().endsWith(ending)).sorted().toList();
            }
            for (Path file : files) {
                String name = file.getFileName().toString();
                Path reference = references.resolve(name);
                if (!Files.isRegularFile(reference)) {
                    throw new IOException("no instance reference for " + file + ": " + reference + " is missing");
                }
                cases.add(new Case(name.substring(0, name.length() - ending.length()), io.readSegmentation(file),
                        io.readSegmentation(reference)));
            }
        }
        if (cases.isEmpty()) {
            throw new IOException("no validation predictions (*" + ending + ") in " + folders);
        }
        return cases;
    }
}
