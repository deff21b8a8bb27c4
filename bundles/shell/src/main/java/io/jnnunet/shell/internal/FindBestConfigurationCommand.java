package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.BestConfigurationWorkflow;
import io.jnnunet.api.workflow.FindBestConfigurationRequest;
import io.jnnunet.api.workflow.FindBestConfigurationResult;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "nnunet", name = "find-best-configuration",
        description = "Compares the cross-validation results of the trained models of a dataset, picks the best by"
                + " foreground-mean Dice, decides its postprocessing and writes inference_instructions.txt"
                + " (nnUNetv2_find_best_configuration, without ensembles). Repeat a flag for several values: -c 2d"
                + " -c 3d_fullres")
public class FindBestConfigurationCommand implements Action {

    @Reference
    BestConfigurationWorkflow workflow;

    @Option(name = "-d", aliases = "--dataset", required = true, description = "dataset id or name")
    @Completion(DatasetCompleter.class)
    String dataset;

    @Option(name = "-c", aliases = "--configurations", multiValued = true,
            description = "configurations (default: 2d 3d_fullres 3d_lowres 3d_cascade_fullres, those trained)")
    List<String> configurations;

    @Option(name = "-p", aliases = "--plans", multiValued = true,
            description = "plans identifiers (default nnUNetPlans)")
    List<String> plans;

    @Option(name = "-tr", aliases = "--trainers", multiValued = true, description = "trainers (default nnUNetTrainer)")
    List<String> trainers;

    @Option(name = "-f", aliases = "--folds", multiValued = true,
            description = "folds (default 0 1 2 3 4; folds without a validation folder are skipped)")
    List<Integer> folds;

    @Option(name = "-np", description = "cases processed at a time (default: number of cores)")
    Integer workers;

    @Override
    public Object execute() throws Exception {
        FindBestConfigurationResult result = workflow.findBestConfiguration(new FindBestConfigurationRequest(dataset,
                configurations, plans, trainers, folds, workers), Console.progress());
        result.notes().forEach(note -> System.out.println("  " + note));
        ShellTable table = new ShellTable();
        table.column("Model");
        table.column("Folds");
        table.column("Foreground Dice").alignRight();
        table.column("Best");
        for (FindBestConfigurationResult.Candidate c : result.candidates()) {
            table.addRow().addContent(c.model(), c.folds().toString(),
                    String.format(Locale.ROOT, "%.5f", c.foregroundDice()), c.model().equals(result.best()) ? "*" : "");
        }
        table.print(System.out);
        PostprocessingLines.print(result.postprocessing());
        System.out.println("Written: " + result.inferenceInformation() + ", " + result.inferenceInstructions());
        System.out.println();
        System.out.print(result.instructions());
        return null;
    }
}
