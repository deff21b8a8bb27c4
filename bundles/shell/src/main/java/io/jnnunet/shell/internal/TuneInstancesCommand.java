package io.jnnunet.shell.internal;

import io.jnnunet.api.InstanceTuner;
import io.jnnunet.api.workflow.InstanceRecipeChooser;
import io.jnnunet.api.workflow.InstanceTuningWorkflow;
import io.jnnunet.api.workflow.TuneInstancesRequest;
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
    InstanceTuningWorkflow workflow;

    @Option(name = "-f", aliases = "--folds", multiValued = true, description = "folds (default: every fold with"
            + " a validation folder)")
    List<String> folds;

    @Option(name = "--recipe", description = "core-border, watershed, or auto (default: from the labels)")
    String recipe = InstanceRecipeChooser.AUTO;

    @Override
    public Object execute() throws Exception {
        InstanceTuner.InstanceTuning tuning = workflow.tuneInstances(new TuneInstancesRequest(dataset, configuration,
                plans, trainer, folds, recipe), Console.progress());
        System.out.printf(Locale.ROOT, "%s on %d validation case(s): AP@0.5 %.4f with %s (defaults %.4f); %s%n",
                tuning.recipe(), tuning.cases(), tuning.score(), tuning.parameters(), tuning.defaultScore(),
                tuning.file());
        return null;
    }
}
