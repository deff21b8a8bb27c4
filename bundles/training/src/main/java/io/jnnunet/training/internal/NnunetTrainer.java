package io.jnnunet.training.internal;

import ai.djl.Device;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.Trainer;
import io.jnnunet.api.TrainerSettings;
import io.jnnunet.api.TrainerVariant;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.TrainingRequest;
import io.jnnunet.api.TrainingResult;
import io.jnnunet.network.NetworkArchitecture;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.Precision;
import io.jnnunet.formats.AtomicFiles;
import io.jnnunet.formats.Checkpoint;
import io.jnnunet.formats.CheckpointHeader;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * nnU-Net's trainer, {@code nnUNetTrainer} and its variants: trains one fold of one configuration (see
 * {@link TrainingRun}, {@link NnunetSgd}, {@link DiceCeLoss}) and writes nnU-Net's fold folder. The request's
 * {@link TrainingRequest#trainer() trainer} names a {@link TrainerVariant} service (the built-ins of
 * {@link NnunetTrainerVariants}, or a lab's, the highest-ranked of a name winning) whose {@link TrainerSettings} the
 * run uses and whose name the checkpoints and debug.json record as {@code trainer_name}. Variants and the network
 * (the architecture service named in the plans) are looked up when a training starts; the run keeps what it picked
 * even if those services go away meanwhile.
 *
 * <p>{@code --c} ({@link TrainingRequest#continueTraining()}) resumes from the checkpoint with the most finished
 * epochs among checkpoint_final, checkpoint_latest and checkpoint_best (on a tie in that order); a finished training
 * continued with a larger epoch count trains on to it with the learning-rate schedule of the new count.
 */
@Component(service = Trainer.class, property = Trainer.NAME + "=" + NnunetTrainer.NAME)
public class NnunetTrainer implements Trainer {

    static final String NAME = "nnUNetTrainer";
    /** Data-loading threads for training batches; validation gets half, at least one. */
    static final int DEFAULT_WORKERS = 2;

    private static final String CITATION = """
            #######################################################################
            Please cite the following paper when using nnU-Net:
            Isensee, F., Jaeger, P. F., Kohl, S. A., Petersen, J., & Maier-Hein, K. H. (2021). nnU-Net: a \
            self-configuring method for deep learning-based biomedical image segmentation. Nature methods, 18(2), \
            203-211.
            #######################################################################
            """;

    private final ComputeEngine engine;
    private final FoldData.Opener folds;
    private final int workers;
    private final LongSupplier nanoClock;
    private final NamedServices<NetworkArchitecture> architectures = architectures();
    private final NamedServices<TrainerVariant> variants = new NamedServices<>("trainer variant",
            TrainerVariant.NAME, TrainerVariant::name);

    @Activate
    public NnunetTrainer(@Reference(name = "engine") ComputeEngine engine) {
        this(engine, FoldData::preprocessed, DEFAULT_WORKERS, System::nanoTime);
    }

    /** @param nanoClock what a deadline run's time is measured with: {@link System#nanoTime()} but in tests */
    NnunetTrainer(ComputeEngine engine, FoldData.Opener folds, int workers, LongSupplier nanoClock) {
        if (workers < 1) {
            throw new IllegalArgumentException("data loading needs at least 1 worker, got " + workers);
        }
        this.engine = engine;
        this.folds = folds;
        this.workers = workers;
        this.nanoClock = nanoClock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeArchitecture")
    void addArchitecture(NetworkArchitecture architecture, Map<String, Object> properties) {
        architectures.add(architecture, properties);
    }

    void removeArchitecture(NetworkArchitecture architecture) {
        architectures.remove(architecture);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeVariant")
    void addVariant(TrainerVariant variant, Map<String, Object> properties) {
        variants.add(variant, properties);
    }

    void removeVariant(TrainerVariant variant) {
        variants.remove(variant);
    }

    /** The architectures by {@value NetworkArchitecture#NAME}, the highest-ranked of each name first. */
    static NamedServices<NetworkArchitecture> architectures() {
        return new NamedServices<>("architecture", NetworkArchitecture.NAME, NetworkArchitecture::name);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TrainingResult train(TrainingRequest request, ProgressListener listener) throws IOException {
        String trainerName = request.trainer() == null ? NAME : request.trainer();
        TrainerSettings settings = settings(trainerName, variants.require(trainerName));
        TrainingSetup setup = TrainingSetup.read(request);
        String architectureName = setup.configuration().architecture().name();
        NetworkArchitecture architecture = architectures.get(architectureName).orElseThrow(() ->
                new IllegalStateException("no architecture '" + architectureName + "' is installed (plans "
                        + setup.plansFile() + "); installed: " + architectures.names()));
        Device device = request.device() == null ? engine.defaultDevice() : engine.device(request.device());
        Precision asked = request.precision() != null ? Precision.parse(request.precision(), "precision")
                : setup.plannedPrecision();
        RunContext context = new RunContext(trainerName, settings, request, listener, setup, engine, device,
                architecture, engine.precision(asked, device));
        Path output = request.outputFolder();
        Files.createDirectories(output);
        try (TrainingLogFile log = new TrainingLogFile(output, LocalDateTime.now(), listener)) {
            log.print(CITATION);
            removeLeftoverTemporaryFiles(output, log);
            Path resumeFrom = request.continueTraining() ? newestCheckpoint(output, log) : null;
            CheckpointHeader resumed = resumeFrom == null ? null : Checkpoint.readHeader(resumeFrom);
            if (resumed != null && !trainerName.equals(resumed.trainerName())) {
                log.print("WARNING: " + resumeFrom.getFileName() + " was trained by " + resumed.trainerName()
                        + "; continuing with the settings of " + trainerName);
            }
            Schedule schedule = Schedule.of(request.epochs(), request.iterationsPerEpoch(), request.trainingSeconds(),
                    resumed, setup, settings);
            long seed = resumed != null ? resumed.seed() : ThreadLocalRandom.current().nextLong();
            FoldData fold = folds.open(request.preprocessedDataset(), setup.plans(), request.configuration(),
                    request.fold());
            writeModelFolderFiles(request, setup);
            try (TrainingRun run = new TrainingRun(context, log, schedule, seed, nanoClock,
                    resumeFrom == null ? null : Checkpoint.read(resumeFrom))) {
                printPreamble(log, context, schedule, run, seed, fold);
                if (resumeFrom != null) {
                    log.print("Continuing from " + resumeFrom.getFileName() + " with " + run.currentEpoch()
                            + " of " + run.epochs() + " epochs finished"
                            + (run.currentEpoch() >= run.epochs() ? ": nothing left to train" : ""));
                }
                new NnunetJson().write(output.resolve("debug.json"),
                        debug(context, schedule, seed, run.parameterCount()));
                return run.train(fold, workers);
            }
        }
    }

    /** A variant's settings; a variant that fails to derive them is named in the error. */
    private static TrainerSettings settings(String name, TrainerVariant variant) {
        TrainerSettings settings;
        try {
            settings = variant.settings(TrainerSettings.defaults());
        } catch (RuntimeException e) {
            throw new IllegalStateException("trainer variant " + name + " (" + variant.getClass().getName()
                    + ") has no valid settings: " + e.getMessage(), e);
        }
        if (settings == null) {
            throw new IllegalStateException("trainer variant " + name + " (" + variant.getClass().getName()
                    + ") returned no settings");
        }
        return settings;
    }

    /**
     * The checkpoint to continue from: of final, latest and best, the one with the most finished epochs. Damaged
     * files are reported and passed over; temporary files of interrupted writes never count.
     *
     * @return {@code null} when there is none, as nnU-Net then starts a new training
     * @throws IOException when checkpoints exist but none can be read
     */
    private static Path newestCheckpoint(Path folder, TrainingLogFile log) throws IOException {
        Path newest = null;
        int newestEpoch = -1;
        IOException damaged = null;
        for (CheckpointKind kind : CheckpointKind.values()) {
            Path file = folder.resolve(kind.fileName());
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                int epoch = Checkpoint.readHeader(file).currentEpoch();
                if (epoch > newestEpoch) {
                    newest = file;
                    newestEpoch = epoch;
                }
            } catch (IOException e) {
                log.print("WARNING: cannot use " + file.getFileName() + ": " + e.getMessage());
                damaged = e;
            }
        }
        if (newest == null && damaged != null) {
            throw new IOException("cannot continue training in " + folder + ": no readable checkpoint", damaged);
        }
        if (newest == null) {
            log.print("WARNING: Cannot continue training because there seems to be no checkpoint available to "
                    + "continue from. Starting a new training...");
        }
        return newest;
    }

    /**
     * A run killed while writing a checkpoint or the plot leaves the temporary file that {@link AtomicFiles} was
     * about to rename; checkpoints are large, so they are removed rather than left to pile up.
     */
    private static void removeLeftoverTemporaryFiles(Path folder, TrainingLogFile log) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> files = Files.list(folder)) {
            leftovers = files.filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".tmp") && (name.startsWith(".checkpoint_") || name.startsWith(".progress.png"));
            }).toList();
        }
        for (Path leftover : leftovers) {
            Files.deleteIfExists(leftover);
        }
        if (!leftovers.isEmpty()) {
            log.print("Removed " + leftovers.size() + " temporary file(s) an interrupted run left behind");
        }
    }

    /** nnU-Net copies the plans, dataset.json and the fingerprint into the model folder, the fold folder's parent. */
    private static void writeModelFolderFiles(TrainingRequest request, TrainingSetup setup) throws IOException {
        Path modelFolder = request.outputFolder().toAbsolutePath().getParent();
        copy(setup.plansFile(), modelFolder.resolve("plans.json"));
        copy(setup.datasetJsonFile(), modelFolder.resolve("dataset.json"));
        Path fingerprint = request.preprocessedDataset().resolve("dataset_fingerprint.json");
        if (Files.isRegularFile(fingerprint)) {
            copy(fingerprint, modelFolder.resolve("dataset_fingerprint.json"));
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        byte[] bytes = Files.readAllBytes(from);
        AtomicFiles.write(to, out -> out.write(bytes));
    }

    private void printPreamble(TrainingLogFile log, RunContext context, Schedule schedule, TrainingRun run,
            long seed, FoldData fold) throws IOException {
        TrainingSetup setup = context.setup();
        ObjectMapper json = new ObjectMapper();
        log.print("Using device: " + deviceName(context.device()));
        log.print("Precision: " + context.precision());
        log.print("This is the configuration used by this training:\nConfiguration name: " + setup.configurationName()
                + "\n " + json.writeValueAsString(setup.configuration()) + "\n");
        Map<String, Object> global = json.convertValue(setup.plans(), new TypeReference<>() {
        });
        global.remove("configurations");
        log.print("These are the global plan.json settings:\n " + json.writeValueAsString(global) + "\n");
        log.print("Trainer: " + context.trainerName());
        log.print("Network: " + context.architecture().name() + ", " + setup.inputChannels() + " input channel(s), "
                + setup.numOutputs() + " outputs, deep supervision "
                + (context.settings().enableDeepSupervision() ? "on" : "off") + ", " + run.parameterCount()
                + " parameters");
        log.print("This split has " + fold.trainCases().size() + " training and " + fold.validationCases().size()
                + " validation cases.");
        if (schedule.trainingSeconds() != null) {
            log.print(String.format(Locale.ROOT, "Training to a deadline: %.1f s of training time, %.1f s of it"
                    + " left; the learning rate follows the elapsed share of it and the run ends when it is spent,"
                    + " so the epochs below are an estimate, re-made after every epoch", schedule.trainingSeconds(),
                    run.secondsLeft()));
        }
        log.print("Training " + run.epochs() + " epochs of " + schedule.iterationsPerEpoch()
                + " iterations, validating " + schedule.validationIterationsPerEpoch() + " batches per epoch; batch size "
                + setup.configuration().batchSize() + ", patch size " + Arrays.toString(setup.configuration().patchSize())
                + "; " + workers + " data-loading worker(s), seed " + seed);
    }

    private Map<String, Object> debug(RunContext context, Schedule schedule, long seed, long parameters) {
        TrainingSetup setup = context.setup();
        TrainerSettings settings = context.settings();
        ConfigurationPlan configuration = setup.configuration();
        Map<String, Object> debug = new LinkedHashMap<>();
        debug.put("trainer_name", context.trainerName());
        debug.put("plans_name", setup.plans().plansName());
        debug.put("dataset_name", setup.plans().datasetName());
        debug.put("configuration", setup.configurationName());
        debug.put("fold", context.request().fold());
        debug.put("device", deviceName(context.device()));
        debug.put("precision", context.precision().precision().label());
        debug.put("network", context.architecture().name());
        debug.put("num_input_channels", setup.inputChannels());
        debug.put("num_segmentation_heads", setup.numOutputs());
        debug.put("num_parameters", parameters);
        debug.put("enable_deep_supervision", settings.enableDeepSupervision());
        double[][] targetScales = context.targetScales();
        debug.put("deep_supervision_scales", settings.enableDeepSupervision() ? targetScales : null);
        debug.put("batch_size", configuration.batchSize());
        debug.put("patch_size", configuration.patchSize());
        debug.put("batch_dice", configuration.batchDice());
        debug.put("ignore_label", setup.ignoreLabel());
        debug.put("num_epochs", schedule.epochs());
        if (schedule.trainingSeconds() != null) {
            debug.put("training_seconds", schedule.trainingSeconds());
        }
        debug.put("num_iterations_per_epoch", schedule.iterationsPerEpoch());
        debug.put("num_val_iterations_per_epoch", schedule.validationIterationsPerEpoch());
        debug.put("initial_lr", settings.initialLr());
        debug.put("weight_decay", settings.weightDecay());
        debug.put("momentum", settings.momentum());
        debug.put("nesterov", settings.nesterov());
        debug.put("lr_scheduler", "PolyLRScheduler(exponent=" + settings.polyExponent() + ")");
        debug.put("grad_clip_norm", settings.gradClipNorm());
        String loss = "DC_and_CE_loss(MemoryEfficientSoftDiceLoss(smooth=" + PythonFloats.repr(settings.diceSmooth())
                + ", do_bg=False), weight_ce=1, weight_dice=1)";
        debug.put("loss", settings.enableDeepSupervision() ? "DeepSupervisionWrapper(" + loss + ", weights="
                + Arrays.toString(DeepSupervisionLoss.weights(targetScales.length)) + ")" : loss);
        debug.put("oversample_foreground_percent", settings.oversampleForegroundPercent());
        debug.put("inference_allowed_mirroring_axes", context.mirroringAxes());
        debug.put("save_every", settings.saveEvery());
        debug.put("data_loading_workers", workers);
        debug.put("seed", seed);
        debug.put("hostname", hostname());
        debug.put("engine", engine.engineName() + " " + engine.engineVersion() + " (DJL " + engine.djlVersion() + ")");
        debug.put("compute_threads", engine.threads());
        debug.put("java_version", System.getProperty("java.version"));
        return debug;
    }

    /** As torch names devices: {@code cpu}, {@code cuda:0}. */
    static String deviceName(Device device) {
        return device.isGpu() ? "cuda:" + device.getDeviceId() : device.getDeviceType();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
