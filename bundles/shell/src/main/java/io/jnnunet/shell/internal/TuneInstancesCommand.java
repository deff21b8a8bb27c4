package io.jnnunet.shell.internal;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.InstanceTuner;
import io.jnnunet.formats.NnunetJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "nnunet", name = "tune-instances",
        description = "Tunes the instance recipe's parameters on the folds' validation predictions against"
                + " labelsTr_instances and stores them in the model folder (instances.json) for predict --instances")
public class TuneInstancesCommand extends ModelFolderCommand {

    @Reference
    InstanceTuner tuner;

    @Option(name = "-f", aliases = "--folds", multiValued = true, description = "folds (default: every fold with"
            + " a validation folder)")
    List<String> folds;

    @Option(name = "--recipe", description = "core-border, watershed, or auto (default: from the labels)")
    String recipe = AutoRecipe.AUTO;

    @Override
    public Object execute() throws Exception {
        Path raw = rawDataset();
        Path model = modelFolder();
        List<Path> validation = new ArrayList<>();
        // not fold_all: its validation cases are its own training cases
        for (String fold : folds == null ? List.of("0", "1", "2", "3", "4") : folds) {
            Path folder = model.resolve("fold_" + fold).resolve("validation");
            if (Files.isDirectory(folder)) {
                validation.add(folder);
            } else if (folds != null) {
                throw new IllegalArgumentException("fold " + fold + " has no validation predictions: " + folder
                        + " (nnunet:train ... --val makes them)");
            }
        }
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("no fold of " + model + " has validation predictions; train first");
        }
        Path references = raw.resolve("labelsTr_instances");
        if (!Files.isDirectory(references)) {
            throw new IllegalArgumentException(raw + " has no labelsTr_instances to tune against");
        }
        DatasetSpec spec = new NnunetJson().read(model.resolve("dataset.json"), DatasetSpec.class);
        InstanceTuner.InstanceTuning tuning = tuner.tune(AutoRecipe.resolve(recipe, model), validation, references,
                spec, model.resolve(InstanceTuner.FILE_NAME), new ConsoleProgress(System.out));
        System.out.printf(Locale.ROOT, "%s on %d validation case(s): AP@0.5 %.4f with %s (defaults %.4f); %s%n",
                tuning.recipe(), tuning.cases(), tuning.score(), tuning.parameters(), tuning.defaultScore(),
                tuning.file());
        return null;
    }
}
