package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.DeterminePostprocessingRequest;
import io.jnnunet.api.workflow.DeterminePostprocessingWorkflow;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Service
@Command(scope = "nnunet", name = "determine-postprocessing",
        description = "Decides which remove-all-but-the-largest-component rules raise the Dice of a prediction folder"
                + " (nnUNetv2_determine_postprocessing); writes postprocessing.json and postprocessed/ into it")
public class DeterminePostprocessingCommand implements Action {

    @Reference
    DeterminePostprocessingWorkflow workflow;

    @Option(name = "-i", aliases = "--input", required = true, description = "folder of predictions")
    @Completion(FileCompleter.class)
    String input;

    @Option(name = "-ref", aliases = "--reference", required = true, description = "folder of reference labels")
    @Completion(FileCompleter.class)
    String reference;

    @Option(name = "-djfile", aliases = {"-dataset_json", "--dataset-json"},
            description = "dataset.json (default: the one in the input folder, else beside the reference folder)")
    @Completion(FileCompleter.class)
    String datasetJson;

    @Option(name = "-np", description = "cases processed at a time (default: number of cores)")
    Integer workers;

    @Override
    public Object execute() throws Exception {
        PostprocessingLines.print(workflow.determinePostprocessing(new DeterminePostprocessingRequest(input, reference,
                datasetJson, workers), Console.progress()));
        return null;
    }
}
