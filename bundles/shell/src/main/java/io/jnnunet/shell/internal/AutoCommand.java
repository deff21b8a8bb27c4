package io.jnnunet.shell.internal;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.workflow.AutoRequest;
import io.jnnunet.api.workflow.AutoWorkflow;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "nnunet", name = "auto",
        description = "The best model of a dataset that N minutes buy, in one command: converts instance labels to"
                + " core/border classes, plans and preprocesses 2d, plans the network for the minutes left, trains"
                + " and validates one fold, tunes the instance decoding, and prints what it chose and why; in the"
                + " foreground or, with --background, as a job")
public class AutoCommand implements Action {

    @Reference
    AutoWorkflow workflow;

    @Reference
    NnunetPaths paths;

    @Reference(optional = true)
    JobManager jobs;

    @Option(name = "-d", aliases = "--dataset", required = true,
            description = "dataset id (1), name (Dataset001_Cells) or raw folder")
    @Completion(DatasetCompleter.class)
    String dataset;

    @Option(name = "--budget-minutes", aliases = "--budget_minutes", required = true,
            description = "wall-clock minutes for all of it, from the start of the command")
    double budgetMinutes;

    @Option(name = "-f", aliases = "--fold", description = "the fold to train (default 0)")
    String fold = AutoRequest.DEFAULT_FOLD;

    @Option(name = "-device", aliases = "--device", description = "cpu, gpu, gpu:N or auto (default: configured)")
    String device;

    @Option(name = "--precision", description = "fp32, or bf16: mixed precision where the CPU has AVX512-BF16"
            + " or AMX, or on a GPU, planned, trained and predicted with (default fp32)")
    String precision;

    @Option(name = "-np", description = "cases processed at a time (default: number of cores)")
    Integer workers;

    @Option(name = "--background", aliases = "-b", description = "run as a background job and return at once")
    boolean background;

    @Override
    public Object execute() throws Exception {
        AutoRequest request = new AutoRequest(paths.rawDataset(dataset).toString(), budgetMinutes, fold, device,
                workers, precision);
        if (background) {
            JobInfo job = Console.submit(jobs, AutoWorkflow.JOB_TYPE, request);
            System.out.println("Job " + job.id() + " queued: " + job.description() + "; nnunet:job " + job.id()
                    + " shows its lines and, at the end, its summary; nnunet:cancel " + job.id() + " stops it");
            return null;
        }
        workflow.runAuto(request, Console.progress());
        return null;
    }
}
