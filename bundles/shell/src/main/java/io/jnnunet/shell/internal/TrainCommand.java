package io.jnnunet.shell.internal;

import io.jnnunet.api.EpochReport;
import io.jnnunet.api.EvaluationSummary;
import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.Predictor;
import io.jnnunet.api.Trainer;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.TrainingRequest;
import io.jnnunet.api.TrainingResult;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "nnunet", name = "train",
        description = "Trains one fold of a configuration (nnUNetv2_train DATASET CONFIGURATION FOLD), in the"
                + " foreground or, with --background, as a job (nnunet:jobs, nnunet:cancel)")
public class TrainCommand implements Action {

    @Reference
    NnunetPaths paths;

    @Reference
    BundleContext bundleContext;

    @Reference(optional = true)
    JobManager jobs;

    @Reference(optional = true)
    Predictor predictor;

    @Argument(index = 0, name = "dataset", required = true, description = "dataset id, name or raw folder")
    @Completion(DatasetCompleter.class)
    String dataset;

    @Argument(index = 1, name = "configuration", required = true, description = "2d, 3d_fullres, 3d_lowres, ...")
    String configuration;

    @Argument(index = 2, name = "fold", required = true, description = "0..4, or all")
    String fold;

    @Argument(index = 3, name = "options", multiValued = true,
            description = "the options may also follow the arguments, as with nnUNetv2_train")
    List<String> trailing;

    @Option(name = "-p", aliases = "--plans", description = "plans identifier (default nnUNetPlans)")
    String plans = "nnUNetPlans";

    @Option(name = "-tr", aliases = "--trainer", description = "trainer (default nnUNetTrainer)")
    String trainer = "nnUNetTrainer";

    @Option(name = "--c", aliases = "--continue", description = "continue from the latest checkpoint")
    boolean continueTraining;

    @Option(name = "--epochs", description = "number of epochs (default: the plans', else 1000)")
    Integer epochs;

    @Option(name = "--iterations", description = "training iterations per epoch (default: the plans', else 250)")
    Integer iterations;

    @Option(name = "-device", aliases = "--device", description = "cpu, gpu, gpu:N or auto (default: configured)")
    String device;

    @Option(name = "--background", aliases = "-b", description = "run as a background job and return at once")
    boolean background;

    @Option(name = "--val", description = "only run the final validation of a finished fold (checkpoint_final)")
    boolean validationOnly;

    @Option(name = "--val_best", aliases = "--val-best", description = "validate with checkpoint_best instead of"
            + " checkpoint_final")
    boolean validateBest;

    @Override
    public Object execute() throws Exception {
        TrailingOptions.apply(this, trailing);
        Path raw = paths.rawDataset(dataset);
        String name = raw.getFileName().toString();
        Path output = paths.results().resolve(name).resolve(trainer + "__" + plans + "__" + configuration)
                .resolve("fold_" + fold);
        TrainingRequest request = new TrainingRequest(paths.preprocessed().resolve(name), output, plans,
                configuration, fold, continueTraining, epochs, iterations, device);
        String description = "train " + name + " " + configuration + " fold " + fold + " (" + plans + ")";
        if (background) {
            if (jobs == null) {
                throw new IllegalStateException("no job manager is installed (feature jnnunet-jobs)");
            }
            JobInfo job = jobs.submit(description, context -> run(request, context::progress, context::cancelled));
            System.out.println("Job " + job.id() + " queued: " + description + "; nnunet:jobs shows its progress,"
                    + " nnunet:cancel " + job.id() + " stops it. Output: " + output);
            return null;
        }
        System.out.println(description + " -> " + output);
        run(request, line -> {
            System.out.println(line);
            System.out.flush();
        }, () -> Thread.currentThread().isInterrupted());
        return null;
    }

    /** nnU-Net's run_training: train (unless --val), then the final validation with the real predictor. */
    private void run(TrainingRequest request, Consumer<String> out, BooleanSupplier cancelled) throws Exception {
        if (!validationOnly) {
            TrainingResult result = train(request, out, cancelled);
            out.accept(String.format(Locale.ROOT, "%s after %d epochs; best EMA pseudo Dice %.4f, final %.4f: %s",
                    result.finished() ? "Finished" : "Stopped", result.epochsCompleted(), result.bestEmaPseudoDice(),
                    result.finalEmaPseudoDice(), result.outputFolder()));
            if (!result.finished()) {
                return;
            }
        }
        if (predictor == null) {
            out.accept("No predictor is installed (feature jnnunet-inference): the final validation is skipped");
            return;
        }
        EvaluationSummary summary = predictor.validate(request.outputFolder(), request.preprocessedDataset(),
                validateBest ? "checkpoint_best" : "checkpoint_final", request.device(),
                new LinePredictionListener(out, cancelled));
        if (summary != null) {
            out.accept(String.format(Locale.ROOT, "Validation of %d cases: mean Dice %s, foreground mean %.4f; %s",
                    summary.cases(), summary.mean().entrySet().stream().map(e -> e.getKey() + ": "
                            + String.format(Locale.ROOT, "%.4f", e.getValue().get("Dice"))).toList(),
                    summary.foregroundMean().get("Dice"), summary.file()));
        }
    }

    private TrainingResult train(TrainingRequest request, Consumer<String> out, BooleanSupplier cancelled)
            throws Exception {
        return NamedServices.use(bundleContext, Trainer.class, Trainer.NAME, trainer,
                t -> t.train(request, new ProgressListener() {
                    @Override
                    public void message(String line) {
                        out.accept(line);
                    }

                    @Override
                    public void epochDone(EpochReport r) {
                        double left = r.epochSeconds() * (r.epochs() - r.epoch() - 1);
                        out.accept(String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f, val loss %.4f, pseudo"
                                + " Dice [%s], EMA %.4f%s, lr %.5f, %s per epoch, about %s left", r.epoch() + 1,
                                r.epochs(), r.trainLoss(), r.validationLoss(), Arrays.stream(r.pseudoDice())
                                        .mapToObj(d -> String.format(Locale.ROOT, "%.4f", d))
                                        .collect(Collectors.joining(", ")), r.emaPseudoDice(),
                                r.newBest() ? " (new best)" : "", r.learningRate(), Formats.duration(r.epochSeconds()),
                                Formats.duration(left)));
                    }

                    @Override
                    public boolean cancelled() {
                        return cancelled.getAsBoolean();
                    }
                }));
    }
}
