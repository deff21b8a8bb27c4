package io.jnnunet.server.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.jnnunet.api.InstanceTuner;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.NnunetPaths.ModelName;
import io.jnnunet.api.workflow.InstalledModel;
import io.jnnunet.api.workflow.InstanceRecipeChooser;
import io.jnnunet.api.workflow.ModelExchangeWorkflow;
import io.jnnunet.api.workflow.ModelOrigin;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The trained models under {@code nnUNet_results}: every {@code DatasetXXX_Name/<trainer>__<plans>__<configuration>}
 * with at least one {@code fold_X} that holds a checkpoint, read afresh on each call (a training that finishes shows
 * up at once). A model's id is {@code <dataset>__<trainer>__<plans>__<configuration>}; an id is parsed and checked
 * before any path is built from it, so it can never leave the results folder.
 */
@Component(service = ModelCatalog.class)
public class ModelCatalog {

    /** A raw dataset folder's name as the server takes it, {@code DatasetXXX_Name}: never a path. */
    static final Pattern DATASET = NnunetPaths.DATASET_FOLDER;
    /** jnnunet's own checkpoints and nnU-Net's (a model folder trained by Python nnU-Net is used as it is). */
    private static final Pattern CHECKPOINT = Pattern.compile("(checkpoint_(?:final|best|latest))\\.(?:djl|pth)");

    private final NnunetPaths paths;
    private final NnunetJson json = new NnunetJson();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile InstanceRecipeChooser recipes;
    /** The models' origins (trained here, installed from a zip, an nnU-Net folder), where the service is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ModelExchangeWorkflow exchange;

    @Activate
    public ModelCatalog(@Reference NnunetPaths paths) {
        this.paths = paths;
    }

    /** A fold of a model: its checkpoints and the Dice of its final validation (foreground mean), if it ran. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fold(@JsonProperty("fold") String fold, @JsonProperty("checkpoints") List<String> checkpoints,
            @JsonProperty("validation_dice") Double validationDice) {
    }

    /**
     * The instance recipe {@code --instances auto} uses for the model, with the parameters and validation AP@0.5
     * of its tuning when it was tuned ({@code instances.json}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Instances(@JsonProperty("recipe") String recipe, @JsonProperty("parameters") JsonNode parameters,
            @JsonProperty("validation_ap50") Double validationAp50) {
    }

    /** A model as the API lists it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(@JsonProperty("id") String id, @JsonProperty("dataset") String dataset,
            @JsonProperty("trainer") String trainer, @JsonProperty("plans") String plans,
            @JsonProperty("configuration") String configuration, @JsonProperty("folds") List<Fold> folds,
            @JsonProperty("instances") Instances instances, @JsonProperty("size_bytes") long sizeBytes,
            @JsonProperty("origin") ModelOrigin origin) {

        /** The mean validation Dice over the folds that have one, or {@code null}. */
        @JsonProperty("validation_dice")
        public Double validationDice() {
            return folds.stream().map(Fold::validationDice).filter(d -> d != null).mapToDouble(Double::doubleValue)
                    .average().stream().boxed().findFirst().orElse(null);
        }
    }

    /** A model's id in its parts. */
    public record ModelId(String dataset, ModelName name) {

        /**
         * @throws ApiException 400 when the id is not {@code DatasetXXX_Name__<trainer>__<plans>__<configuration>}
         */
        public static ModelId parse(String id) {
            if (id == null || id.contains("..") || id.contains("/") || id.contains("\\")) {
                throw ApiException.badRequest("model id '" + id + "' may not hold '..' or path separators");
            }
            int split = id.indexOf("__");
            String dataset = split < 0 ? "" : id.substring(0, split);
            if (!DATASET.matcher(dataset).matches()) {
                throw ApiException.badRequest("model id '" + id + "' is not"
                        + " DatasetXXX_Name__<trainer>__<plans>__<configuration>");
            }
            try {
                return new ModelId(dataset, ModelName.parse(id.substring(split + 2)));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("model id '" + id + "': " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return dataset + "__" + name;
        }
    }

    public List<Model> models() {
        List<Model> models = new ArrayList<>();
        Path results = paths.results();
        if (!Files.isDirectory(results)) {
            return models;
        }
        Map<String, ModelOrigin> origins = origins();
        for (Path dataset : children(results)) {
            if (!DATASET.matcher(dataset.getFileName().toString()).matches()) {
                continue;
            }
            for (Path folder : children(dataset)) {
                ModelName name;
                try {
                    name = ModelName.parse(folder.getFileName().toString());
                } catch (IllegalArgumentException notAModel) {
                    continue;
                }
                read(new ModelId(dataset.getFileName().toString(), name), folder, origins).ifPresent(models::add);
            }
        }
        return models;
    }

    /** @throws ApiException 400 for a malformed id, 404 when no such model is trained */
    public Model model(String id) {
        ModelId modelId = ModelId.parse(id);
        return read(modelId, folder(modelId), origins()).orElseThrow(() -> ApiException.notFound("no trained model '"
                + id + "' (no fold with a checkpoint under nnUNet_results)"));
    }

    /** {@code nnUNet_results/<dataset>/<trainer>__<plans>__<configuration>} of a parsed id. */
    public Path folder(ModelId id) {
        return paths.results().resolve(id.dataset()).resolve(id.name().toString());
    }

    private Optional<Model> read(ModelId id, Path folder, Map<String, ModelOrigin> origins) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        List<Fold> folds = new ArrayList<>();
        long size = 0;
        for (Path fold : children(folder)) {
            String foldName = NnunetPaths.fold(fold);
            if (foldName == null) {
                continue;
            }
            List<String> checkpoints = new ArrayList<>();
            for (Path file : children(fold)) {
                java.util.regex.Matcher checkpoint = CHECKPOINT.matcher(file.getFileName().toString());
                if (checkpoint.matches()) {
                    if (!checkpoints.contains(checkpoint.group(1))) {
                        checkpoints.add(checkpoint.group(1));
                    }
                    size += sizeOf(file);
                }
            }
            if (!checkpoints.isEmpty()) {
                folds.add(new Fold(foldName, checkpoints, validationDice(fold)));
            }
        }
        if (folds.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Model(id.toString(), id.dataset(), id.name().trainer(), id.name().plans(),
                id.name().configuration(), folds, instances(folder), size, origins.get(id.toString())));
    }

    /** The origin of each model by its id; none without the exchange service or when the results are unreadable. */
    private Map<String, ModelOrigin> origins() {
        ModelExchangeWorkflow service = exchange;
        if (service == null) {
            return Map.of();
        }
        try {
            return service.models().stream().collect(Collectors.toMap(InstalledModel::id, InstalledModel::origin,
                    (a, b) -> a));
        } catch (IOException unreadable) {
            return Map.of();
        }
    }

    private Double validationDice(Path fold) {
        Path summary = NnunetPaths.validationFolder(fold).resolve("summary.json");
        JsonNode dice = readJson(summary).map(s -> s.path("foreground_mean").path("Dice")).orElse(null);
        return dice != null && dice.isNumber() ? dice.asDouble() : null;
    }

    private Instances instances(Path folder) {
        Optional<JsonNode> tuned = readJson(folder.resolve(InstanceTuner.FILE_NAME));
        if (tuned.isPresent() && tuned.get().hasNonNull("recipe")) {
            JsonNode t = tuned.get();
            return new Instances(t.get("recipe").asText(), t.get("parameters"),
                    t.path("score").isNumber() ? t.path("score").asDouble() : null);
        }
        InstanceRecipeChooser chooser = recipes;
        if (chooser == null) {
            return null;
        }
        try {
            return new Instances(chooser.choose(InstanceRecipeChooser.AUTO, folder), null, null);
        } catch (IOException | RuntimeException noDatasetJson) {
            return null;
        }
    }

    private Optional<JsonNode> readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.read(file, JsonNode.class));
        } catch (IOException malformed) {
            return Optional.empty();
        }
    }

    private static List<Path> children(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }
}
