package io.jnnunet.shell.internal;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.workflow.RunTrainingRequest;
import io.jnnunet.api.workflow.TrainingWorkflow;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "nnunet", name = "train",
        description = "Trains one fold of a configuration (nnUNetv2_train DATASET CONFIGURATION FOLD), in the"
                + " foreground or, with --background, as a job (nnunet:jobs, nnunet:cancel)")
public class TrainCommand implements Action {

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

    @Argument(index = 2, name = "fold", required = true, description = "0..4, or all")
    String fold;

    @Argument(index = 3, name = "options", multiValued = true,
            description = "the options may also follow the arguments, as with nnUNetv2_train")
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
        RunTrainingRequest request = new RunTrainingRequest(paths.rawDataset(dataset).toString(), configuration,
                fold, trainer, plans, continueTraining, epochs, iterations, device, validationOnly, validateBest, null);
        if (background) {
            JobInfo job = Console.submit(jobs, TrainingWorkflow.JOB_TYPE, request);
            System.out.println("Job " + job.id() + " queued: " + job.description() + "; nnunet:jobs shows its"
                    + " progress, nnunet:cancel " + job.id() + " stops it. Output: "
                    + NnunetPaths.foldFolder(paths.modelFolder(dataset, request.modelName()), fold));
            return null;
        }
        workflow.runTraining(request, Console.progress());
        return null;
    }
}
