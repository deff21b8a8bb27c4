package io.jnnunet.shell.internal;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.workflow.InstallModelRequest;
import io.jnnunet.api.workflow.InstalledModel;
import io.jnnunet.api.workflow.ModelExchangeWorkflow;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Service
@Command(scope = "nnunet", name = "install-model-from-zip",
        description = "Installs a model zip (nnU-Net's or jnnunet's export) into nnUNet_results"
                + " (nnUNetv2_install_pretrained_model_from_zip), checked: no entry outside the results folder, the"
                + " zip's CRCs and sha256 checksums, complete model folders; an installed model is kept unless"
                + " --overwrite")
public class InstallModelFromZipCommand implements Action {

    @Reference
    ModelExchangeWorkflow workflow;

    @Reference(optional = true)
    JobManager jobs;

    @Argument(index = 0, name = "zip", required = true, description = "the model zip")
    @Completion(FileCompleter.class)
    String zip;

    @Option(name = "--overwrite", description = "replace a model folder that is installed already")
    boolean overwrite;

    @Option(name = "--background", aliases = "-b", description = "run as a background job and return at once")
    boolean background;

    @Override
    public Object execute() throws Exception {
        InstallModelRequest request = new InstallModelRequest(Path.of(zip).toAbsolutePath().toString(), overwrite);
        if (background) {
            JobInfo job = Console.submit(jobs, ModelExchangeWorkflow.INSTALL_JOB_TYPE, request);
            System.out.println("Job " + job.id() + " queued: " + job.description());
            return null;
        }
        for (InstalledModel model : workflow.install(request, Console.progress())) {
            System.out.println(model.id() + ": folds " + String.join(", ", model.folds()) + " in " + model.folder());
        }
        return null;
    }
}
