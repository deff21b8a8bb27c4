package io.jnnunet.shell.internal;

import io.jnnunet.api.PostprocessingService;
import java.nio.file.Path;
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
    PostprocessingService postprocessing;

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
    int workers = Runtime.getRuntime().availableProcessors();

    @Override
    public Object execute() throws Exception {
        Path predictions = Path.of(input);
        Path references = Path.of(reference);
        Path file = postprocessing.determine(predictions, references, DatasetJsonFile.read(datasetJson,
                DatasetJsonFile.in(predictions), DatasetJsonFile.beside(references)), workers,
                new ConsoleProgress(System.out));
        PostprocessingReport.print(file, System.out);
        return null;
    }
}
