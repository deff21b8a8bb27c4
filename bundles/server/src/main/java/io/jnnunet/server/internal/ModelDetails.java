package io.jnnunet.server.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.Plans;
import io.jnnunet.formats.Checkpoint;
import io.jnnunet.formats.CheckpointHeader;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.formats.TorchCheckpoint;
import io.jnnunet.formats.TrainingHistory;
import io.jnnunet.server.internal.ModelCatalog.ModelId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What a model's page shows beyond the catalogue's entry: the plan it was trained with ({@code plans.json} in the
 * model folder) and a fold's training curve, the history nnU-Net's logger keeps in every checkpoint (the data of
 * {@code progress.png}).
 */
@Component(service = ModelDetails.class)
public class ModelDetails {

    /** Checkpoints in the order a curve is read from, the most epochs first among equals. */
    private static final List<String> CHECKPOINTS = List.of("checkpoint_final", "checkpoint_latest",
            "checkpoint_best");

    private final ModelCatalog catalog;
    private final NnunetJson json = new NnunetJson();

    @Activate
    public ModelDetails(@Reference ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** The network of a configuration, as its page lists it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Network(@JsonProperty("class") String networkClass, @JsonProperty("n_stages") Integer stages,
            @JsonProperty("features_per_stage") int[] featuresPerStage, @JsonProperty("kernel_sizes") int[][] kernels,
            @JsonProperty("strides") int[][] strides, @JsonProperty("n_conv_per_stage") int[] convsPerStage) {
    }

    /**
     * A model's configuration in its plans; {@code num_epochs} and {@code num_iterations_per_epoch} only where the
     * plans set them (the budget planner does), else the trainer's own apply (nnU-Net's: 1000 x 250).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlansSummary(@JsonProperty("plans_name") String plansName,
            @JsonProperty("configuration") String configuration,
            @JsonProperty("experiment_planner") String experimentPlanner,
            @JsonProperty("patch_size") int[] patchSize, @JsonProperty("batch_size") Integer batchSize,
            @JsonProperty("spacing") double[] spacing,
            @JsonProperty("median_image_size") double[] medianImageSize,
            @JsonProperty("normalization_schemes") List<String> normalizationSchemes,
            @JsonProperty("network") Network network, @JsonProperty("num_epochs") Object numEpochs,
            @JsonProperty("num_iterations_per_epoch") Object iterationsPerEpoch) {
    }

    /**
     * One finished epoch. NaN (a Dice of a class that neither prediction nor target holds) is {@code null}: a
     * browser's JSON has no NaN.
     */
    public record Epoch(@JsonProperty("epoch") int epoch, @JsonProperty("train_loss") Double trainLoss,
            @JsonProperty("val_loss") Double valLoss, @JsonProperty("pseudo_dice") List<Double> pseudoDice,
            @JsonProperty("mean_pseudo_dice") Double meanPseudoDice,
            @JsonProperty("ema_pseudo_dice") Double emaPseudoDice,
            @JsonProperty("learning_rate") Double learningRate, @JsonProperty("seconds") Double seconds) {
    }

    /** A fold's curve from the checkpoint with the most epochs, and the epochs it is planned for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(@JsonProperty("fold") String fold, @JsonProperty("checkpoint") String checkpoint,
            @JsonProperty("epochs_done") int epochsDone, @JsonProperty("num_epochs") int numEpochs,
            @JsonProperty("best_ema_pseudo_dice") Double bestEma, @JsonProperty("epochs") List<Epoch> epochs) {
    }

    /**
     * @throws ApiException 400 for a malformed id, 404 for an unknown model or one without its plans.json
     */
    public PlansSummary plans(String modelId) throws IOException {
        ModelCatalog.Model model = catalog.model(modelId);
        Path file = catalog.folder(ModelId.parse(model.id())).resolve("plans.json");
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("model " + model.id() + " has no plans.json in its folder");
        }
        Plans plans = json.read(file, Plans.class);
        ConfigurationPlan c;
        try {
            c = plans.configuration(model.configuration());
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("model " + model.id() + ": " + e.getMessage());
        }
        ArchitecturePlan architecture = c.architecture();
        ArchitecturePlan.ArchKwargs kwargs = architecture == null ? null : architecture.archKwargs();
        Network network = architecture == null ? null : new Network(architecture.networkClassName(),
                kwargs == null ? null : kwargs.nStages(), kwargs == null ? null : kwargs.featuresPerStage(),
                kwargs == null ? null : kwargs.kernelSizes(), kwargs == null ? null : kwargs.strides(),
                kwargs == null ? null : kwargs.nConvPerStage());
        return new PlansSummary(plans.plansName(), model.configuration(), plans.experimentPlannerUsed(),
                c.patchSize(), c.batchSize(), c.spacing(), c.medianImageSizeInVoxels(), c.normalizationSchemes(),
                network, c.other().get("num_epochs"), c.other().get("num_iterations_per_epoch"));
    }

    /**
     * @param fold {@code 0}..{@code 9} or {@code all}
     * @throws ApiException 400 for a malformed id or fold, 404 for an unknown model or a fold without checkpoint
     */
    public Progress progress(String modelId, String fold) throws IOException {
        if (fold == null || !fold.matches("\\d|all")) {
            throw ApiException.badRequest("fold must be 0..9 or all, got '" + fold + "'");
        }
        ModelCatalog.Model model = catalog.model(modelId);
        Path folder = NnunetPaths.foldFolder(catalog.folder(ModelId.parse(model.id())), fold);
        CheckpointHeader newest = null;
        String newestName = null;
        for (String name : CHECKPOINTS) {
            // jnnunet's own checkpoint, or nnU-Net's .pth of a model folder Python nnU-Net trained
            Path own = folder.resolve(name + ".djl");
            Path torch = folder.resolve(name + TorchCheckpoint.FILE_ENDING);
            CheckpointHeader header = Files.isRegularFile(own) ? Checkpoint.readHeader(own)
                    : Files.isRegularFile(torch) ? TorchCheckpoint.read(torch).header() : null;
            if (header != null && (newest == null || header.currentEpoch() > newest.currentEpoch())) {
                newest = header;
                newestName = name;
            }
        }
        if (newest == null) {
            throw ApiException.notFound("model " + model.id() + " has no checkpoint in fold " + fold);
        }
        TrainingHistory history = newest.logging() == null ? new TrainingHistory() : newest.logging();
        List<Double> train = history.trainLosses();
        List<Double> val = history.valLosses();
        List<double[]> perClass = history.dicePerClass();
        List<Double> mean = history.meanFgDice();
        List<Double> ema = history.emaFgDice();
        List<Double> rates = history.learningRates();
        List<Double> seconds = history.epochDurations();
        List<Epoch> epochs = new ArrayList<>();
        for (int e = 0; e < history.epochs(); e++) {
            epochs.add(new Epoch(e, finite(train.get(e)), finite(val.get(e)),
                    Arrays.stream(perClass.get(e)).mapToObj(ModelDetails::finite).toList(), finite(mean.get(e)),
                    finite(ema.get(e)), finite(rates.get(e)), finite(seconds.get(e))));
        }
        return new Progress(fold, newestName, newest.currentEpoch(), newest.numEpochs(), finite(newest.bestEma()),
                epochs);
    }

    private static Double finite(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : value;
    }
}
