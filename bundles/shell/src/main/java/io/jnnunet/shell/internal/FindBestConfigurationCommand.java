package io.jnnunet.shell.internal;

import io.jnnunet.api.BestConfigurationFinder;
import io.jnnunet.api.BestConfigurationFinder.Candidate;
import io.jnnunet.api.BestConfigurationFinder.Request;
import io.jnnunet.api.BestConfigurationFinder.Result;
import java.nio.file.Files;
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
    BestConfigurationFinder finder;

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
    int workers = Runtime.getRuntime().availableProcessors();

    @Override
    public Object execute() throws Exception {
        Result result = finder.find(new Request(dataset,
                orDefault(configurations, List.of("2d", "3d_fullres", "3d_lowres", "3d_cascade_fullres")),
                orDefault(plans, List.of("nnUNetPlans")), orDefault(trainers, List.of("nnUNetTrainer")),
                orDefault(folds, List.of(0, 1, 2, 3, 4)), workers), new ConsoleProgress(System.out));
        result.notes().forEach(note -> System.out.println("  " + note));
        ShellTable table = new ShellTable();
        table.column("Model");
        table.column("Folds");
        table.column("Foreground Dice").alignRight();
        table.column("Best");
        for (Candidate c : result.candidates()) {
            table.addRow().addContent(c.identifier(), c.folds().toString(),
                    String.format(Locale.ROOT, "%.5f", c.foregroundDice()), c == result.best() ? "*" : "");
        }
        table.print(System.out);
        PostprocessingReport.print(result.postprocessingJson(), System.out);
        System.out.println("Written: " + result.inferenceInformation() + ", " + result.inferenceInstructions());
        System.out.println();
        System.out.print(Files.readString(result.inferenceInstructions()));
        return null;
    }

    private static <T> List<T> orDefault(List<T> given, List<T> defaults) {
        return given == null || given.isEmpty() ? defaults : given;
    }
}
