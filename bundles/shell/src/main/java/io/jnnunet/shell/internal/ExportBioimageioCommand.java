package io.jnnunet.shell.internal;

import io.jnnunet.api.ModelExport;
import io.jnnunet.api.ModelExporter;
import io.jnnunet.api.workflow.ExportModelRequest;
import io.jnnunet.api.workflow.ModelExchangeWorkflow;
import io.jnnunet.api.workflow.RunTrainingRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "nnunet", name = "export-bioimageio",
        description = "Writes one fold of a 2-D model as a bioimage.io model package (zip: bioimageio.yaml, the"
                + " network's state dict, nnU-Net's normalisation, test tensors from a training image); the"
                + " package is the network alone, without nnU-Net's sliding window and mirroring")
public class ExportBioimageioCommand implements Action {

    @Reference
    ModelExchangeWorkflow workflow;

    @Option(name = "-d", aliases = "--dataset", required = true, description = "dataset id, name or raw folder")
    @Completion(DatasetCompleter.class)
    String dataset;

    @Option(name = "-o", aliases = "--output", required = true, description = "the zip to write")
    String output;

    @Option(name = "-c", aliases = "--configuration", description = "a 2-D configuration (default 2d)")
    String configuration = "2d";

    @Option(name = "-p", aliases = "--plans", description = "plans identifier (default nnUNetPlans)")
    String plans = RunTrainingRequest.DEFAULT_PLANS;

    @Option(name = "-tr", aliases = "--trainer", description = "trainer (default nnUNetTrainer)")
    String trainer = RunTrainingRequest.DEFAULT_TRAINER;

    @Option(name = "-f", aliases = "--fold", description = "the fold (default: the first fold with the checkpoint)")
    String fold;

    @Option(name = "-chk", aliases = "--checkpoint", description = "checkpoint name (default checkpoint_final)")
    String checkpoint;

    @Override
    public Object execute() throws Exception {
        ModelExport export = workflow.export(new ExportModelRequest(dataset, configuration, plans, trainer,
                fold == null ? List.of() : List.of(fold), checkpoint, ModelExporter.BIOIMAGEIO,
                Path.of(output).toAbsolutePath().toString()), Console.progress());
        System.out.printf(Locale.ROOT, "%s: bioimage.io package of fold %s, %.1f MB: %s%n", export.file(),
                String.join(", ", export.folds()), export.bytes() / 1e6, String.join(", ", export.entries()));
        return null;
    }
}
