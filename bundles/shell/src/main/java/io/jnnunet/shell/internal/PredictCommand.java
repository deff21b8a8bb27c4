package io.jnnunet.shell.internal;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.NnunetPaths;
import io.jnnunet.api.workflow.PredictFolderRequest;
import io.jnnunet.api.workflow.PredictionWorkflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "nnunet", name = "predict",
        description = "Predicts a folder of images with a trained configuration (nnUNetv2_predict): Gaussian sliding"
                + " window, mirroring test-time augmentation, the folds' logits averaged; --instances writes one id"
                + " per cell")
public class PredictCommand extends ModelFolderCommand {

    @Reference
    PredictionWorkflow workflow;

    @Reference
    NnunetPaths paths;

    @Reference(optional = true)
    JobManager jobs;

    @Option(name = "-i", aliases = "--input", required = true, description = "folder of {case}_0000{ending} images")
    String input;

    @Option(name = "-o", aliases = "--output", required = true, description = "output folder (created)")
    String output;

    @Option(name = "-f", aliases = "--folds", multiValued = true,
            description = "folds to ensemble: 0 1 2 3 4, or all (default: every fold with the checkpoint)")
    List<String> folds;

    @Argument(index = 0, name = "folds", multiValued = true, description = "further folds, as nnU-Net writes them"
            + " after -f: -f 0 1 2 3 4")
    List<String> moreFolds;

    @Option(name = "-chk", aliases = "--checkpoint", description = "checkpoint (default checkpoint_final)")
    String checkpoint = PredictFolderRequest.DEFAULT_CHECKPOINT;

    @Option(name = "--save-probabilities", aliases = "--save_probabilities",
            description = "also write {case}.npz (softmax probabilities) and {case}.json")
    boolean saveProbabilities;

    @Option(name = "--disable-tta", aliases = "--disable_tta", description = "no mirroring (about 4x faster in 2-D)")
    boolean disableTta;

    @Option(name = "-step_size", aliases = "--step-size", description = "sliding-window step, fraction of the patch"
            + " (default 0.5)")
    double stepSize = 0.5;

    @Option(name = "-device", aliases = "--device", description = "cpu, gpu, gpu:N or auto (default: configured)")
    String device;

    @Option(name = "--precision", description = "fp32, or bf16: mixed precision where the CPU has AVX512-BF16"
            + " or AMX, or on a GPU (default: the plans', else fp32)")
    String precision;

    @Option(name = "--instances", description = "write 16-bit instance labels (one id per cell) decoded by this"
            + " recipe instead of the semantic mask: core-border, watershed, connected-components; 'auto' picks the"
            + " recipe the dataset was converted with, else core-border when it has a border label, else watershed")
    String instances;

    @Option(name = "--continue-prediction", aliases = "--continue_prediction",
            description = "skip cases whose output exists")
    boolean continuePrediction;

    @Option(name = "-npp", aliases = "--workers", description = "cases read and written at a time beside the"
            + " network (default 2)")
    int workers = 2;

    @Option(name = "--object-diameter", description = "the nuclei's diameter in pixels in these images, or 'auto' to"
            + " measure it on a first pass (2-D): images are zoomed so that their nuclei have the training data's"
            + " median diameter (Cellpose's diameter) and the result is taken back to their size")
    String objectDiameter;

    @Option(name = "--background", aliases = "-b", description = "run as a background job and return at once")
    boolean background;

    @Override
    public Object execute() throws Exception {
        List<String> allFolds = new ArrayList<>(folds == null ? List.of() : folds);
        if (moreFolds != null) {
            allFolds.addAll(moreFolds);
        }
        // absolute here: a job may run after the session's working folder is gone, or on another node
        PredictFolderRequest request = new PredictFolderRequest(Path.of(input).toAbsolutePath().toString(),
                Path.of(output).toAbsolutePath().toString(), paths.rawDataset(dataset).toString(), configuration,
                plans, trainer, allFolds, checkpoint, saveProbabilities, !disableTta, stepSize, device, instances,
                continuePrediction, workers, objectDiameter, null, precision);
        if (background) {
            JobInfo job = Console.submit(jobs, PredictionWorkflow.JOB_TYPE, request);
            System.out.println("Job " + job.id() + " queued: " + job.description() + "; nnunet:jobs shows its"
                    + " progress. Output: " + request.output());
            return null;
        }
        workflow.predictFolder(request, Console.progress());
        return null;
    }
}
