package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.ApplyPostprocessingRequest;
import io.jnnunet.api.workflow.ApplyPostprocessingWorkflow;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Service
@Command(scope = "nnunet", name = "apply-postprocessing",
        description = "Applies a postprocessing.json to every prediction of a folder (nnUNetv2_apply_postprocessing)")
public class ApplyPostprocessingCommand implements Action {

    @Reference
    ApplyPostprocessingWorkflow workflow;

    @Option(name = "-i", aliases = "--input", required = true, description = "folder of predictions")
    @Completion(FileCompleter.class)
    String input;

    @Option(name = "-o", aliases = "--output", required = true, description = "folder for the postprocessed files")
    @Completion(FileCompleter.class)
    String output;

    @Option(name = "-pp_json", aliases = "--pp-json", required = true,
            description = "postprocessing.json (nnunet:determine-postprocessing, nnunet:find-best-configuration)")
    @Completion(FileCompleter.class)
    String postprocessingJson;

    @Option(name = "-djfile", aliases = {"-dataset_json", "--dataset-json"},
            description = "dataset.json (default: the one beside postprocessing.json, else in the input folder)")
    @Completion(FileCompleter.class)
    String datasetJson;

    @Option(name = "-np", description = "cases processed at a time (default: number of cores)")
    Integer workers;

    @Override
    public Object execute() throws Exception {
        workflow.applyPostprocessing(new ApplyPostprocessingRequest(input, output, postprocessingJson, datasetJson,
                workers), Console.progress());
        System.out.println("Postprocessed predictions written to " + output);
        return null;
    }
}
