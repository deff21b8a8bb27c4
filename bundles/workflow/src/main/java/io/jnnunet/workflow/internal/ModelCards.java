package io.jnnunet.workflow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.InstanceTuner;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.Plans;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link ModelCard} of a model folder: made from its files, read and written. */
final class ModelCards {

    private final NnunetJson json = new NnunetJson();

    /**
     * A card from the model folder's dataset.json, plans.json, the folds' validation summaries and instances.json.
     *
     * @param checkpoint the checkpoint file name each fold has ({@code checkpoint_final.pth})
     * @param postprocessing the postprocessing decisions going with it, relative to the results folder
     * @throws IOException naming the file when dataset.json or plans.json cannot be read
     */
    ModelCard describe(Path model, List<String> folds, String checkpoint, String trainedWith,
            List<String> postprocessing, String version, Instant exported) throws IOException {
        NnunetPaths.ModelName name = NnunetPaths.ModelName.parse(model.getFileName().toString());
        DatasetSpec spec = json.read(model.resolve(DatasetReader.DATASET_JSON), DatasetSpec.class);
        Plans plans = json.read(model.resolve(ModelZip.PLANS_JSON), Plans.class);
        ConfigurationPlan configuration = plans.configurations() != null
                && plans.configurations().containsKey(name.configuration())
                ? plans.configuration(name.configuration()) : null;
        Map<String, ModelCard.Validation> validation = new LinkedHashMap<>();
        for (String fold : folds) {
            validation(NnunetPaths.foldFolder(model, fold)).ifPresent(v -> validation.put(fold, v));
        }
        Double mean = validation.values().stream().map(ModelCard.Validation::foregroundMeanDice)
                .filter(d -> d != null).mapToDouble(Double::doubleValue).average().stream().boxed().findFirst()
                .orElse(null);
        return new ModelCard(ModelCard.FORMAT, ModelCard.FORMAT_VERSION, model.getParent().getFileName() + "/"
                + model.getFileName(), new ModelCard.Dataset(spec.name(), spec.description(), spec.reference(),
                        spec.licence(), spec.numTraining(), spec.channelNames(), spec.labels(), spec.fileEnding()),
                name.trainer(), name.plans(), name.configuration(), configuration == null
                        || configuration.architecture() == null ? null
                        : configuration.architecture().networkClassName(),
                configuration == null ? null : configuration.patchSize(), folds, checkpoint, trainedWith,
                validation.isEmpty() ? null : validation, mean, instances(model),
                postprocessing.isEmpty() ? null : postprocessing, exported == null ? null : exported.toString(),
                version, null);
    }

    /** The card in a model folder; empty when it has none or one that cannot be read (it only informs). */
    Optional<ModelCard> read(Path model) {
        Path file = model.resolve(ModelCard.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.read(file, ModelCard.class));
        } catch (IOException malformed) {
            return Optional.empty();
        }
    }

    void write(Path model, ModelCard card) throws IOException {
        json.write(model.resolve(ModelCard.FILE_NAME), card);
    }

    private Optional<ModelCard.Validation> validation(Path fold) {
        Path summary = NnunetPaths.validationFolder(fold).resolve(ModelZip.SUMMARY_JSON);
        if (!Files.isRegularFile(summary)) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.read(summary, JsonNode.class);
            JsonNode dice = node.path("foreground_mean").path("Dice");
            JsonNode cases = node.path("metric_per_case");
            return Optional.of(new ModelCard.Validation(cases.isArray() ? cases.size() : null,
                    dice.isNumber() ? dice.asDouble() : null));
        } catch (IOException malformed) {
            return Optional.empty();
        }
    }

    /** The tuned recipe without its trials (the card says what was chosen, not every try). */
    private JsonNode instances(Path model) throws IOException {
        Path file = model.resolve(InstanceTuner.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode tuned = json.read(file, JsonNode.class);
        if (tuned instanceof ObjectNode object) {
            object.remove("trials");
        }
        return tuned;
    }
}
