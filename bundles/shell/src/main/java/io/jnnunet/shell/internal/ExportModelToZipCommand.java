package io.jnnunet.shell.internal;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.ModelExport;
import io.jnnunet.api.ModelExporter;
import io.jnnunet.api.workflow.ExportModelRequest;
import io.jnnunet.api.workflow.ModelExchangeWorkflow;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Service
@Command(scope = "nnunet", name = "export-model-to-zip",
        description = "Writes a trained model as nnU-Net's model zip (nnUNetv2_export_model_to_zip): Python nnU-Net"
                + " installs it with nnUNetv2_install_pretrained_model_from_zip, jnnunet with"
                + " nnunet:install-model-from-zip; jnnunet's checkpoints go in as .pth, with a model card and sha256"
                + " checksums")
public class ExportModelToZipCommand extends ModelFolderCommand {

    @Reference
    ModelExchangeWorkflow workflow;

    @Reference(optional = true)
    JobManager jobs;

    @Option(name = "-o", aliases = "--output", required = true, description = "the zip to write")
    @Completion(FileCompleter.class)
    String output;

    @Option(name = "-f", aliases = "--folds", multiValued = true, description = "folds (default: every fold with"
            + " the checkpoint)")
    List<String> folds;

    @Option(name = "-chk", aliases = "--checkpoint", description = "checkpoint_final (default), checkpoint_best;"
            + " with or without .pth")
    String checkpoint;

    @Option(name = "--background", aliases = "-b", description = "run as a background job and return at once")
    boolean background;

    @Override
    public Object execute() throws Exception {
        ExportModelRequest request = new ExportModelRequest(dataset, configuration, plans, trainer, folds, checkpoint,
                ModelExporter.NNUNET, Path.of(output).toAbsolutePath().toString());
        if (background) {
            JobInfo job = Console.submit(jobs, ModelExchangeWorkflow.EXPORT_JOB_TYPE, request);
            System.out.println("Job " + job.id() + " queued: " + job.description());
            return null;
        }
        ModelExport export = workflow.export(request, Console.progress());
        System.out.printf(Locale.ROOT, "%s: %d entries, %.1f MB, folds %s%n", export.file(), export.entries().size(),
                export.bytes() / 1e6, String.join(", ", export.folds()));
        return null;
    }
}
