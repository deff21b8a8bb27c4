package io.jnnunet.postprocessing.internal.decision;

import io.jnnunet.api.BestConfigurationFinder;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.EvaluationRequest;
import io.jnnunet.api.EvaluationSummary;
import io.jnnunet.api.FolderEvaluator;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.PostprocessingService;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.AtomicFiles;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * nnU-Net's {@code find_best_configuration} and {@code accumulate_cv_results}, single models only. Unlike nnU-Net,
 * a model folder or a fold validation that is missing is skipped with a note rather than fatal, so that a lab can
 * compare what it has trained so far; the merged folder is named after the folds actually found.
 */
@Component(service = BestConfigurationFinder.class)
public class NnunetBestConfigurationFinder implements BestConfigurationFinder {

    static final String INFORMATION = "inference_information.json";
    static final String INSTRUCTIONS = "inference_instructions.txt";

    private final NnunetPaths paths;
    private final DatasetReader datasetReader;
    private final FolderEvaluator evaluator;
    private final PostprocessingService postprocessing;
    private final NnunetJson json = new NnunetJson();

    @Activate
    public NnunetBestConfigurationFinder(@Reference NnunetPaths paths, @Reference DatasetReader datasetReader,
            @Reference FolderEvaluator evaluator, @Reference PostprocessingService postprocessing) {
        this.paths = paths;
        this.datasetReader = datasetReader;
        this.evaluator = evaluator;
        this.postprocessing = postprocessing;
    }

    @Override
    public Result find(Request request, ProgressListener progress) throws IOException {
        String name = datasetName(request.dataset());
        Path results = paths.results().resolve(name);
        Path references = references(name);
        List<String> notes = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        Map<Candidate, DatasetSpec> specs = new HashMap<>();
        for (String trainer : request.trainers()) {
            for (String plans : request.plans()) {
                for (String configuration : request.configurations()) {
                    Path model = results.resolve(trainer + "__" + plans + "__" + configuration);
                    if (!Files.isDirectory(model)) {
                        notes.add(model.getFileName() + ": not trained (no " + model + "), skipped");
                        continue;
                    }
                    List<Integer> folds = new ArrayList<>();
                    for (int fold : request.folds()) {
                        if (Files.isDirectory(validation(model, fold))) {
                            folds.add(fold);
                        } else {
                            notes.add(model.getFileName() + ": fold " + fold + " has no " + validation(model, fold)
                                    + ", skipped");
                        }
                    }
                    if (folds.isEmpty()) {
                        continue;
                    }
                    DatasetSpec spec = datasetJson(model, name);
                    Path merged = merge(model, folds, spec);
                    EvaluationSummary summary = evaluator.evaluateFolder(new EvaluationRequest(references, merged,
                            merged.resolve(NnunetPostprocessingService.SUMMARY), spec, null, false, true,
                            List.of("dice"), request.workers()), progress);
                    Double dice = summary.foregroundMean().get("Dice");
                    Candidate candidate = new Candidate(trainer, plans, configuration, List.copyOf(folds), merged,
                            dice == null ? Double.NaN : dice);
                    candidates.add(candidate);
                    specs.put(candidate, spec);
                }
            }
        }
        if (candidates.isEmpty()) {
            throw new IOException("no trained model of " + name + " has a validated fold in " + results
                    + " (looked for {trainer}__{plans}__{configuration}/fold_{" + join(request.folds(), ",")
                    + "}/validation):\n  " + String.join("\n  ", notes));
        }
        Candidate best = candidates.get(0);
        for (Candidate c : candidates) {
            if (c.foregroundDice() > best.foregroundDice() || Double.isNaN(best.foregroundDice())) {
                best = c;
            }
        }
        DatasetSpec spec = specs.get(best);
        Path postprocessingJson = postprocessing.determine(best.crossvalFolder(), references, spec,
                request.workers(), progress);
        Path information = results.resolve(INFORMATION);
        json.write(information, information(request, name, candidates, best, postprocessingJson));
        Path instructions = results.resolve(INSTRUCTIONS);
        String text = instructions(name, best, postprocessingJson);
        AtomicFiles.write(instructions, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        return new Result(results, List.copyOf(candidates), best, postprocessingJson, information, instructions,
                List.copyOf(notes));
    }

    /**
     * {@code accumulate_cv_results}: the folds' validation predictions in one fresh folder, with the dataset.json
     * they were evaluated with and the model's plans.json.
     */
    private Path merge(Path model, List<Integer> folds, DatasetSpec spec) throws IOException {
        Path merged = model.resolve("crossval_results_folds_" + join(folds, "_"));
        AtomicFiles.deleteRecursively(merged);
        Files.createDirectories(merged);
        datasetReader.writeDatasetJson(spec, merged);
        if (Files.isRegularFile(model.resolve("plans.json"))) {
            PredictionFolders.copy(model.resolve("plans.json"), merged.resolve("plans.json"));
        }
        String ending = spec.fileEnding();
        Map<String, Integer> foldOf = new HashMap<>();
        for (int fold : folds) {
            for (String prediction : PredictionFolders.predictions(validation(model, fold), ending)) {
                Integer other = foldOf.putIfAbsent(prediction, fold);
                if (other != null) {
                    throw new IOException(model + ": " + prediction + " is in the validation of fold " + other
                            + " and of fold " + fold + "; each case must be validated by one fold only");
                }
                PredictionFolders.copy(validation(model, fold).resolve(prediction), merged.resolve(prediction));
            }
        }
        return merged;
    }

    private static Path validation(Path model, int fold) {
        return model.resolve("fold_" + fold).resolve("validation");
    }

    /** The model's own dataset.json, as nnU-Net reads it; else the preprocessed or raw one. */
    private DatasetSpec datasetJson(Path model, String name) throws IOException {
        for (Path folder : List.of(model, paths.preprocessed().resolve(name), paths.raw().resolve(name))) {
            if (Files.isRegularFile(folder.resolve(DatasetReader.DATASET_JSON))) {
                return datasetReader.readDatasetJson(folder);
            }
        }
        throw new IOException("no dataset.json in " + model + ", nor in the preprocessed or raw folder of " + name);
    }

    /** The raw {@code labelsTr}, else the preprocessed {@code gt_segmentations}, as nnU-Net evaluates. */
    private Path references(String name) throws IOException {
        Path labels = paths.raw().resolve(name).resolve("labelsTr");
        if (Files.isDirectory(labels)) {
            return labels;
        }
        Path gt = paths.preprocessed().resolve(name).resolve("gt_segmentations");
        if (Files.isDirectory(gt)) {
            return gt;
        }
        throw new IOException("no references for " + name + ": neither " + labels + " nor " + gt + " exists");
    }

    /** A dataset name or id: from the raw folder, else from the results folder (a lab may have results only). */
    private String datasetName(String dataset) {
        try {
            return paths.rawDataset(dataset).getFileName().toString();
        } catch (IllegalArgumentException notRaw) {
            if (Files.isDirectory(paths.results().resolve(dataset))) {
                return dataset;
            }
            if (dataset.matches("\\d+")) {
                String prefix = String.format(Locale.ROOT, "Dataset%03d_", Integer.parseInt(dataset));
                try (Stream<Path> folders = Files.list(paths.results())) {
                    List<String> found = folders.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix))
                            .toList();
                    if (found.size() == 1) {
                        return found.get(0);
                    }
                } catch (IOException e) {
                    notRaw.addSuppressed(e);
                }
            }
            throw notRaw;
        }
    }

    private static Map<String, Object> information(Request request, String name, List<Candidate> candidates,
            Candidate best, Path postprocessingJson) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("folds", best.folds());
        info.put("dataset_name_or_id", name);
        List<Map<String, String>> considered = new ArrayList<>();
        for (String trainer : request.trainers()) {
            for (String plans : request.plans()) {
                for (String configuration : request.configurations()) {
                    considered.add(Map.of("plans", plans, "configuration", configuration, "trainer", trainer));
                }
            }
        }
        info.put("considered_models", considered);
        info.put("ensembling_allowed", false);
        Map<String, Double> all = new LinkedHashMap<>();
        candidates.forEach(c -> all.put(c.identifier(), c.foregroundDice()));
        info.put("all_results", all);
        Map<String, Object> selected = new LinkedHashMap<>();
        selected.put("configuration", best.configuration());
        selected.put("trainer", best.trainer());
        selected.put("plans_identifier", best.plans());
        Map<String, Object> bestEntry = new LinkedHashMap<>();
        bestEntry.put("postprocessing_file", postprocessingJson.toString());
        bestEntry.put("some_plans_file", best.crossvalFolder().resolve("plans.json").toString());
        bestEntry.put("selected_model_or_models", List.of(selected));
        info.put("best_model_or_ensemble", bestEntry);
        return info;
    }

    /** nnU-Net's {@code print_inference_instructions}, with our commands. */
    static String instructions(String dataset, Candidate best, Path postprocessingJson) {
        String folds = best.folds().stream().map(f -> "-f " + f).collect(Collectors.joining(" "));
        return "***Run inference like this:***\n\n"
                + "nnunet:predict -d " + dataset + " -i INPUT_FOLDER -o OUTPUT_FOLDER " + folds + " -tr "
                + best.trainer() + " -c " + best.configuration() + " -p " + best.plans() + "\n\n"
                + "***Once inference is completed, run postprocessing like this:***\n\n"
                + "nnunet:apply-postprocessing -i OUTPUT_FOLDER -o OUTPUT_FOLDER_PP -pp_json " + postprocessingJson
                + " -djfile " + best.crossvalFolder().resolve(DatasetReader.DATASET_JSON) + "\n";
    }

    private static String join(List<Integer> values, String separator) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(separator));
    }
}
