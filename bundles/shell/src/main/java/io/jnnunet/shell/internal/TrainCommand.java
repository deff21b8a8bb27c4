package io.jnnunet.shell.internal;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.workflow.RunTrainingRequest;
import io.jnnunet.api.workflow.TrainingWorkflow;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "nnunet", name = "train",
        description = "Trains folds of a configuration (nnUNetv2_train DATASET CONFIGURATION FOLD [FOLD ...]), in the"
                + " foreground one after another or, with --background, as one job per fold (nnunet:jobs,"
                + " nnunet:cancel), which a cluster's head spreads over its workers")
public class TrainCommand implements Action {

    /** A fold among the trailing arguments: the options that may follow start with '-'. */
    private static final Pattern FOLD = Pattern.compile("\\d+|all");

    @Reference
    TrainingWorkflow workflow;

    @Reference
    NnunetPaths paths;

    @Reference(optional = true)
    JobManager jobs;

    @Argument(index = 0, name = "dataset", required = true, description = "dataset id, name or raw folder")
    @Completion(DatasetCompleter.class)
    String dataset;

    @Argument(index = 1, name = "configuration", required = true, description = "2d, 3d_fullres, 3d_lowres, ...")
    String configuration;

    @Argument(index = 2, name = "fold", required = true, description = "0..4, or all (nnU-Net's fold_all: one model"
            + " on every training case)")
    String fold;

    @Argument(index = 3, name = "more folds and options", multiValued = true,
            description = "further folds (0 1 2 3 4: the five-fold cross-validation); the options may also follow the"
                    + " arguments, as with nnUNetv2_train")
    List<String> trailing;

    @Option(name = "-p", aliases = "--plans", description = "plans identifier (default nnUNetPlans)")
    String plans = RunTrainingRequest.DEFAULT_PLANS;

    @Option(name = "-tr", aliases = "--trainer", description = "trainer (default nnUNetTrainer; nnunet:trainers)")
    String trainer = RunTrainingRequest.DEFAULT_TRAINER;

    @Option(name = "--c", aliases = "--continue", description = "continue from the latest checkpoint")
    boolean continueTraining;

    @Option(name = "--epochs", description = "number of epochs (default: the plans', else 1000)")
    Integer epochs;

    @Option(name = "--iterations", description = "training iterations per epoch (default: the plans', else 250)")
    Integer iterations;

    @Option(name = "-device", aliases = "--device", description = "cpu, gpu, gpu:N or auto (default: configured)")
    String device;

    @Option(name = "--precision", description = "fp32, or bf16: mixed precision where the CPU has AVX512-BF16"
            + " or AMX, or on a GPU (default: the plans', else fp32)")
    String precision;

    @Option(name = "--background", aliases = "-b", description = "run as a background job and return at once")
    boolean background;

    @Option(name = "--val", description = "only run the final validation of a finished fold (checkpoint_final)")
    boolean validationOnly;

    @Option(name = "--val_best", aliases = "--val-best", description = "validate with checkpoint_best instead of"
            + " checkpoint_final")
    boolean validateBest;

    @Override
    public Object execute() throws Exception {
        List<String> folds = new ArrayList<>(List.of(fold));
        List<String> options = trailing == null ? List.of() : trailing;
        while (!options.isEmpty() && FOLD.matcher(options.get(0)).matches()) {
            folds.add(options.get(0));
            options = options.subList(1, options.size());
        }
        TrailingOptions.apply(this, options);
        List<RunTrainingRequest> requests = new ArrayList<>();
        for (String f : folds.stream().distinct().toList()) {
            requests.add(new RunTrainingRequest(paths.rawDataset(dataset).toString(), configuration, f, trainer, plans,
                    continueTraining, epochs, iterations, device, validationOnly, validateBest, null, precision));
        }
        for (RunTrainingRequest request : requests) {
            if (background) {
                JobInfo job = Console.submit(jobs, TrainingWorkflow.JOB_TYPE, request);
                System.out.println("Job " + job.id() + " queued: " + job.description() + "; nnunet:jobs shows its"
                        + " progress, nnunet:cancel " + job.id() + " stops it. Output: "
                        + NnunetPaths.foldFolder(paths.modelFolder(dataset, request.modelName()), request.fold()));
            } else {
                workflow.runTraining(request, Console.progress());
            }
        }
        return null;
    }
}
