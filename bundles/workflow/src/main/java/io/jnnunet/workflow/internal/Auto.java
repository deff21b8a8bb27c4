package io.jnnunet.workflow.internal;

import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.Durations;
import io.jnnunet.api.EpochReport;
import io.jnnunet.api.InstanceDatasetConverter;
import io.jnnunet.api.InstanceTuner;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.Plans;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.AutoRequest;
import io.jnnunet.api.workflow.AutoResult;
import io.jnnunet.api.workflow.AutoWorkflow;
import io.jnnunet.api.workflow.EvaluationResult;
import io.jnnunet.api.workflow.InstanceRecipeChooser;
import io.jnnunet.api.workflow.InstanceTuningWorkflow;
import io.jnnunet.api.workflow.PlanAndPreprocessRequest;
import io.jnnunet.api.workflow.PlanAndPreprocessResult;
import io.jnnunet.api.workflow.PlanningWorkflow;
import io.jnnunet.api.workflow.RunTrainingRequest;
import io.jnnunet.api.workflow.RunTrainingResult;
import io.jnnunet.api.workflow.TrainingWorkflow;
import io.jnnunet.api.workflow.TuneInstancesRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code nnunet:auto}: conversion of instance labels, nnU-Net's planning and 2d preprocessing, the budget plan for
 * the minutes left, training and final validation of one fold and the tuning of the instance decoding, each through
 * the workflow service of its own entry point, within one wall-clock budget ({@link AutoBudget}).
 */
@Component(service = AutoWorkflow.class)
public class Auto implements AutoWorkflow {

    static final String CONFIGURATION = "2d";
    static final String BUDGET_PLANNER = "BudgetPlanner";
    static final String CONVERTED_SUFFIX = "CoreBorder";
    private static final Pattern DATASET = Pattern.compile("Dataset(\\d{3})_(.+)");

    private final NnunetPaths paths;
    private final DatasetReader datasetReader;
    private final PlanningWorkflow planning;
    private final TrainingWorkflow training;
    private final InstanceTuningWorkflow tuning;
    private final LongSupplier nanoClock;
    private final StageService<InstanceDatasetConverter> converter = new StageService<>(
            "no instance dataset converter is installed (feature jnnunet-postprocessing)");

    @Activate
    public Auto(@Reference NnunetPaths paths, @Reference DatasetReader datasetReader,
            @Reference PlanningWorkflow planning, @Reference TrainingWorkflow training,
            @Reference InstanceTuningWorkflow tuning) {
        this(paths, datasetReader, planning, training, tuning, System::nanoTime);
    }

    /** @param nanoClock the wall clock the budget is counted on */
    Auto(NnunetPaths paths, DatasetReader datasetReader, PlanningWorkflow planning, TrainingWorkflow training,
            InstanceTuningWorkflow tuning, LongSupplier nanoClock) {
        this.paths = paths;
        this.datasetReader = datasetReader;
        this.planning = planning;
        this.training = training;
        this.tuning = tuning;
        this.nanoClock = nanoClock;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetConverter")
    public void setConverter(InstanceDatasetConverter service) {
        converter.set(service);
    }

    public void unsetConverter(InstanceDatasetConverter service) {
        converter.unset(service);
    }

    /** A step's work. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws IOException;
    }

    /** The steps of one run: their wall-clock seconds in order, and errors that name the step. */
    private static final class Steps {
        final Map<String, Double> seconds = new LinkedHashMap<>();
        private final AutoBudget budget;
        private final ProgressListener progress;

        Steps(AutoBudget budget, ProgressListener progress) {
            this.budget = budget;
            this.progress = progress;
        }

        <T> T run(String step, Work<T> work) throws IOException {
            if (progress.cancelled()) {
                throw new CancellationException("cancelled before " + step);
            }
            progress.message(String.format(Locale.ROOT, "== auto: %s (%s of %s spent)", step.replace('_', ' '),
                    Durations.format(budget.elapsed()), Durations.format(budget.budgetSeconds())));
            long start = budget.now();
            try {
                return work.run();
            } catch (CancellationException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException("auto, step '" + step + "': " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IllegalStateException("auto, step '" + step + "': " + (e.getMessage() == null
                        ? e.toString() : e.getMessage()), e);
            } finally {
                seconds.merge(step, (budget.now() - start) / 1e9, Double::sum);
            }
        }
    }

    /** The dataset to train and why. */
    private record Trained(Path raw, boolean instances, String conversion) {
    }

    /**
     * The budget plan, the training seconds it was made for and its final validation's estimated seconds
     * ({@code null} when the plan lacks what the estimate needs).
     */
    private record BudgetPlan(double plannedSeconds, AutoResult.Plan plan, Double validationSeconds) {
    }

    /** The training as asked for, with the seconds it was given, and how it ended. */
    private record TrainingRun(RunTrainingRequest request, double seconds, int estimatedEpochs,
            RunTrainingResult result) {
    }

    @Override
    public AutoResult runAuto(AutoRequest request, ProgressListener progress) throws IOException {
        AutoBudget budget = new AutoBudget(request.budgetMinutes(), nanoClock);
        Steps steps = new Steps(budget, progress);
        Path source = paths.rawDataset(request.dataset());
        progress.message(describe(request, source.getFileName().toString()));

        Trained trained = steps.run("convert", () -> datasetToTrain(source, progress));
        progress.message(trained.conversion());
        String dataset = trained.raw().toString();

        PlanAndPreprocessResult.Dataset nnunet = steps.run("plan_and_preprocess", () -> planning.planAndPreprocess(
                new PlanAndPreprocessRequest(List.of(dataset), null, null, null, true, false, null, null, null, null,
                        null, null, List.of(CONFIGURATION), request.workers(), null), progress).datasets().get(0));

        String plansName = plansName(request.budgetMinutes());
        BudgetPlan budgetPlan = steps.run("budget_plan", () -> {
            double seconds = budget.trainingSecondsLeft();
            progress.message(String.format(Locale.ROOT, "Budget: %s in all; %s kept for the final validation and"
                    + " the instance tuning (%.0f %% of the budget, at least %s); the budget planner plans %s of"
                    + " training", Durations.format(budget.budgetSeconds()), Durations.format(budget.reserveSeconds()),
                    AutoBudget.RESERVE_SHARE * 100, Durations.format(AutoBudget.MIN_RESERVE_SECONDS),
                    Durations.format(seconds)));
            Plans plans = budgetPlan(dataset, plansName, seconds, nnunet, request, progress);
            AutoResult.Plan chosen = planOf(plans);
            return new BudgetPlan(seconds, chosen, validationSeconds(chosen,
                    plans.configuration(CONFIGURATION).medianImageSizeInVoxels(), trained.raw(), request.fold()));
        });
        AutoResult.Plan plan = budgetPlan.plan();
        if (budgetPlan.validationSeconds() != null) {
            double kept = budget.reserveSeconds();
            budget.sizeReserve(budgetPlan.validationSeconds());
            progress.message(String.format(Locale.ROOT, "Reserve sized from the plan: the final validation should"
                    + " take about %s at the planner's pace; %s kept for it and the tuning (%.0f x that + %s) instead"
                    + " of %s, which go to the training", Durations.format(budgetPlan.validationSeconds()),
                    Durations.format(budget.reserveSeconds()), AutoBudget.RESERVE_SAFETY,
                    Durations.format(AutoBudget.RESERVE_FIXED_SECONDS), Durations.format(kept)));
        }

        EpochClock epochs = new EpochClock(progress, nanoClock);
        long trainStart = budget.now();
        TrainingRun run = steps.run("train", () -> {
            double seconds = budget.trainingSecondsLeft();
            RunTrainingRequest trainingRequest = trainingRequest(dataset, request, plansName, seconds);
            int estimate = AutoBudget.scaledEpochs(plan.epochs(), budgetPlan.plannedSeconds(), seconds);
            progress.message(String.format(Locale.ROOT, "Training: %s left, the training's deadline (the plan"
                    + " assumed %s): about %d of the plan's %d epochs x %d iterations", Durations.format(seconds),
                    Durations.format(budgetPlan.plannedSeconds()), estimate, plan.epochs(),
                    plan.iterationsPerEpoch()));
            return new TrainingRun(trainingRequest, seconds, estimate, training.runTraining(trainingRequest,
                    epochs));
        });
        RunTrainingResult trainingResult = run.result();
        splitValidation(steps.seconds, epochs.lastEpoch(), trainStart, budget.now());
        if (progress.cancelled()) {
            throw new CancellationException("cancelled during the training; checkpoint_latest is in "
                    + trainingResult.foldFolder());
        }

        AutoResult.Tuning tuned = null;
        if (!trained.instances()) {
            progress.message("No instance tuning: " + trained.raw().getFileName() + " has no "
                    + TuneInstances.REFERENCE_INSTANCES);
        } else if (trainingResult.validation() == null) {
            progress.message("No instance tuning: the fold has no validation predictions to tune on");
        } else {
            InstanceTuner.InstanceTuning t = steps.run("tune_instances", () -> tuning.tuneInstances(
                    new TuneInstancesRequest(dataset, CONFIGURATION, plansName, null, List.of(request.fold()),
                            InstanceRecipeChooser.AUTO), progress));
            tuned = new AutoResult.Tuning(t.recipe(), t.parameters(), t.score(), t.defaultScore(), t.cases(),
                    t.file() == null ? null : t.file().toString());
        }

        AutoResult result = new AutoResult(source.getFileName().toString(), trained.raw().getFileName().toString(),
                trained.conversion(), plansName, CONFIGURATION, request.fold(),
                paths.modelFolder(dataset, run.request().modelName()).toString(), plan,
                new AutoResult.Budget(budget.budgetSeconds(), budget.reserveSeconds(), budgetPlan.plannedSeconds(),
                        run.seconds(), run.estimatedEpochs()),
                steps.seconds, budget.elapsed(), trainingResult.training(), trainingResult.validation(), tuned);
        summary(result, labelNames(trained.raw())).forEach(progress::message);
        return result;
    }

    /** The line that says what a run does, for its first message and for job lists. */
    static String describe(AutoRequest request, String datasetName) {
        return "auto " + datasetName + ", " + minutes(request.budgetMinutes()) + " min budget, fold " + request.fold();
    }

    /** {@code nnUNetPlans_auto30min}: the run's budget in the name, so the plans of several budgets coexist. */
    static String plansName(double budgetMinutes) {
        return PlanAndPreprocessRequest.DEFAULT_PLANS + "_auto" + minutes(budgetMinutes) + "min";
    }

    /** {@code 30}, {@code 2.5}. */
    private static String minutes(double minutes) {
        return minutes == Math.rint(minutes) ? Long.toString((long) minutes)
                : String.format(Locale.ROOT, "%.1f", minutes);
    }

    /**
     * Step 1: the source itself unless it has instance labels that no recipe has encoded yet; then a dataset
     * converted from it earlier by core-border ({@code DatasetYYY_<Name>CoreBorder}), or a new one under the next free
     * id.
     */
    private Trained datasetToTrain(Path source, ProgressListener progress) throws IOException {
        String name = source.getFileName().toString();
        if (!Files.isDirectory(source.resolve(TuneInstances.REFERENCE_INSTANCES))) {
            return new Trained(source, false, name + " has no " + TuneInstances.REFERENCE_INSTANCES + ": its labels"
                    + " are trained as they are, and there is no instance decoding to tune");
        }
        Optional<String> recipe = convertedBy(source);
        if (recipe.isPresent()) {
            return new Trained(source, true, name + "'s labels are already encoded by the instance recipe "
                    + recipe.get() + " (its dataset.json says so): trained as they are");
        }
        Matcher matcher = DATASET.matcher(name);
        String target = (matcher.matches() ? matcher.group(2) : name) + CONVERTED_SUFFIX;
        Optional<Path> earlier = earlierConversion(target);
        if (earlier.isPresent()) {
            return new Trained(earlier.get(), true, "Using " + earlier.get().getFileName() + ", converted from "
                    + name + "'s " + TuneInstances.REFERENCE_INSTANCES + " by " + DatasetJsonRecipeChooser.CORE_BORDER
                    + " before");
        }
        String targetName = String.format(Locale.ROOT, "Dataset%03d_%s", nextFreeId(), target);
        Path made = converter.require().convert(source, paths.raw(), targetName, DatasetJsonRecipeChooser.CORE_BORDER,
                Map.of(), false, progress);
        return new Trained(made, true, "Converted " + name + "'s " + TuneInstances.REFERENCE_INSTANCES + " into "
                + targetName + " by the " + DatasetJsonRecipeChooser.CORE_BORDER + " recipe: touching nuclei are"
                + " separated by a border class that the network learns, which a foreground mask cannot do");
    }

    /** The recipe a converted dataset's dataset.json names, if it is one. */
    private Optional<String> convertedBy(Path raw) throws IOException {
        return DatasetJsonRecipeChooser.recorded(datasetReader.readDatasetJson(raw));
    }

    private Optional<Path> earlierConversion(String target) throws IOException {
        for (Path folder : datasetFolders(paths.raw())) {
            Matcher matcher = DATASET.matcher(folder.getFileName().toString());
            if (matcher.matches() && matcher.group(2).equals(target)) {
                if (convertedBy(folder).filter(DatasetJsonRecipeChooser.CORE_BORDER::equals).isEmpty()) {
                    throw new IllegalStateException(folder + " has the name of a " + DatasetJsonRecipeChooser
                            .CORE_BORDER + " conversion, but its dataset.json does not say it is one; rename it");
                }
                return Optional.of(folder);
            }
        }
        return Optional.empty();
    }

    /** One more than the highest dataset id in nnU-Net's three folders, so no stale preprocessed data is taken. */
    private int nextFreeId() throws IOException {
        int highest = 0;
        for (Path root : List.of(paths.raw(), paths.preprocessed(), paths.results())) {
            for (Path folder : datasetFolders(root)) {
                Matcher matcher = DATASET.matcher(folder.getFileName().toString());
                if (matcher.matches()) {
                    highest = Math.max(highest, Integer.parseInt(matcher.group(1)));
                }
            }
        }
        if (highest >= 999) {
            throw new IllegalStateException("no dataset id is free in " + paths.raw() + " (999 is taken)");
        }
        return highest + 1;
    }

    private static List<Path> datasetFolders(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(root)) {
            return folders.filter(Files::isDirectory).sorted().toList();
        }
    }

    /**
     * Step 2b: the budget planner's plans for {@code seconds} of training; the budget plans share nnU-Net's 2d data,
     * so they are preprocessed only when a planner gives them data of their own.
     */
    private Plans budgetPlan(String dataset, String plansName, double seconds, PlanAndPreprocessResult.Dataset nnunet,
            AutoRequest request, ProgressListener progress) throws IOException {
        Plans plans = planning.planAndPreprocess(new PlanAndPreprocessRequest(List.of(dataset), false, true, false,
                false, false, BUDGET_PLANNER, plansName, null, seconds / 60, request.device(), null, null,
                request.workers(), request.precision()), progress).datasets().get(0).plans();
        String data = plans.configuration(CONFIGURATION).dataIdentifier();
        if (nnunet.plans() == null || !data.equals(nnunet.plans().configuration(CONFIGURATION).dataIdentifier())) {
            planning.planAndPreprocess(new PlanAndPreprocessRequest(List.of(dataset), false, false, true, false,
                    false, null, plansName, null, null, null, null, List.of(CONFIGURATION), request.workers(), null),
                    progress);
        }
        return plans;
    }

    /**
     * {@link AutoBudget#validationSeconds} of the plan's network for a fold's validation cases: a fifth of the
     * training cases (nnU-Net's 5-fold split, rounded up), all of them for fold {@code all}; {@code null} without the
     * planner's timing or the median image size.
     *
     * @param shape the configuration's median image size
     */
    private Double validationSeconds(AutoResult.Plan plan, double[] shape, Path raw, String fold) throws IOException {
        Integer training = datasetReader.readDatasetJson(raw).numTraining();
        if (plan.secondsPerIteration() == null || shape == null || shape.length != plan.patchSize().size()
                || training == null || plan.batchSize() == null) {
            return null;
        }
        int cases = "all".equals(fold) ? training : (training + 4) / 5;
        return AutoBudget.validationSeconds(cases, shape, plan.patchSize(), plan.secondsPerIteration(),
                plan.batchSize());
    }

    /** What the budget plan chose for the configuration trained. */
    static AutoResult.Plan planOf(Plans plans) {
        ConfigurationPlan c = plans.configuration(CONFIGURATION);
        ArchitecturePlan architecture = c.architecture();
        Integer epochs = integer(c.other().get("num_epochs"));
        if (epochs == null) {
            throw new IllegalStateException("plans " + plans.plansName() + " " + CONFIGURATION + " have no num_epochs:"
                    + " they are not a budget plan");
        }
        Map<?, ?> budget = c.other().get("budget") instanceof Map<?, ?> m ? m : Map.of();
        Double secondsPerIteration = budget.get("seconds_per_iteration") instanceof Number n ? n.doubleValue() : null;
        return new AutoResult.Plan(architecture == null ? null : architecture.name(),
                architecture == null || architecture.archKwargs() == null ? null
                        : list(architecture.archKwargs().featuresPerStage()),
                list(c.patchSize()), c.batchSize(), epochs, integer(c.other().get("num_iterations_per_epoch")),
                secondsPerIteration, budget.get("precision") == null ? null : budget.get("precision").toString());
    }

    /**
     * Step 3's request: the training gets what is left of the budget as its deadline; the plan's epochs are only the
     * estimate that the trainer re-makes from its measured pace.
     */
    static RunTrainingRequest trainingRequest(String dataset, AutoRequest request, String plansName,
            double trainingSeconds) {
        return new RunTrainingRequest(dataset, CONFIGURATION, request.fold(), null, plansName, false, null, null,
                request.device(), false, false, trainingSeconds, null);
    }

    /** Splits the training step's seconds at its last epoch into training and the final validation after it. */
    private static void splitValidation(Map<String, Double> seconds, long lastEpoch, long trainStart, long end) {
        if (lastEpoch > trainStart) {
            seconds.put("train", (lastEpoch - trainStart) / 1e9);
            seconds.put("validate", (end - lastEpoch) / 1e9);
        }
    }

    /** A dataset's label values to their names ({@code "2"} to {@code border}), for the summary's Dice. */
    private Map<String, String> labelNames(Path raw) throws IOException {
        Map<String, String> names = new LinkedHashMap<>();
        datasetReader.readDatasetJson(raw).labels().forEach((name, value) -> names.put(String.valueOf(value), name));
        return names;
    }

    /**
     * The summary lines: what was chosen and why, what each step took, what it scored.
     *
     * @param labelNames label value (a key of the validation's {@code mean}) to label name
     */
    static List<String> summary(AutoResult r, Map<String, String> labelNames) {
        List<String> lines = new ArrayList<>();
        lines.add("== auto: summary of " + r.dataset() + " " + r.configuration() + " fold " + r.fold() + " ("
                + r.modelFolder() + ")");
        lines.add("dataset: " + r.conversion());
        AutoResult.Plan p = r.plan();
        lines.add(String.format(Locale.ROOT, "plan %s: %s features %s, patch %s, batch %d; %d epochs x %d iterations"
                + "%s", r.plans(), p.network(), p.featuresPerStage(), p.patchSize(), p.batchSize(), p.epochs(),
                p.iterationsPerEpoch(), p.secondsPerIteration() == null ? ""
                        : String.format(Locale.ROOT, " at %.3f s per iteration (measured by the planner)",
                                p.secondsPerIteration()))
                + (p.precision() == null ? "" : "; precision " + p.precision()));
        AutoResult.Budget b = r.budget();
        lines.add(String.format(Locale.ROOT, "budget: %s; reserve %s for validation and tuning; planned %s of"
                + " training, %s left when it started (%d epochs)", Durations.format(b.budgetSeconds()),
                Durations.format(b.reserveSeconds()), Durations.format(b.plannedTrainingSeconds()),
                Durations.format(b.trainingSeconds()), b.trainingEpochs()));
        lines.add("steps: " + String.join(", ", r.stepSeconds().entrySet().stream()
                .map(e -> e.getKey().replace('_', ' ') + " " + Durations.format(e.getValue())).toList()));
        EvaluationResult v = r.validation();
        lines.add(v == null ? "validation: none" : String.format(Locale.ROOT, "validation: %d cases, Dice %s,"
                + " foreground mean %.4f", v.cases(), String.join(", ", v.mean().entrySet().stream()
                        .map(e -> labelNames.getOrDefault(e.getKey(), e.getKey()) + " "
                                + String.format(Locale.ROOT, "%.4f", e.getValue().get("Dice")))
                        .toList()), v.foregroundMean().getOrDefault("Dice", Double.NaN)));
        AutoResult.Tuning t = r.tuning();
        lines.add(t == null ? "instances: not tuned" : String.format(Locale.ROOT, "instances: %s %s, AP@0.5 %.4f"
                + " (defaults %.4f) on %d validation cases; %s", t.recipe(), t.parameters(), t.score(),
                t.defaultScore(), t.cases(), t.file()));
        lines.add(String.format(Locale.ROOT, "total: %s of the %s budget (%.0f %%)", Durations.format(r.totalSeconds()),
                Durations.format(b.budgetSeconds()), 100 * r.totalSeconds() / b.budgetSeconds()));
        return lines;
    }

    private static Integer integer(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }

    private static List<Integer> list(int[] values) {
        return values == null ? null : Arrays.stream(values).boxed().toList();
    }

    /** Forwards everything, noting when the last training epoch ended: the final validation follows it. */
    private static final class EpochClock implements ProgressListener {
        private final ProgressListener delegate;
        private final LongSupplier clock;
        private volatile long lastEpoch = Long.MIN_VALUE;

        EpochClock(ProgressListener delegate, LongSupplier clock) {
            this.delegate = delegate;
            this.clock = clock;
        }

        long lastEpoch() {
            return lastEpoch;
        }

        @Override
        public void update(String task, long done, long total) {
            delegate.update(task, done, total);
        }

        @Override
        public void message(String line) {
            delegate.message(line);
        }

        @Override
        public void epochDone(EpochReport report) {
            delegate.epochDone(report);
            lastEpoch = clock.getAsLong();
        }

        @Override
        public boolean cancelled() {
            return delegate.cancelled();
        }
    }
}
