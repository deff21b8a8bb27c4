package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.PlanAndPreprocessRequest;
import io.jnnunet.api.workflow.PlanAndPreprocessResult;
import io.jnnunet.api.workflow.PlanningWorkflow;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * What nnU-Net's planning entry points share: datasets by id or name, the number of workers, one call of the
 * {@link PlanningWorkflow} with the steps of the command, and the plans it wrote as a table.
 */
abstract class PlanningCommand implements Action {

    @Reference
    PlanningWorkflow workflow;

    @Option(name = "-d", aliases = "--dataset", required = true, multiValued = true,
            description = "datasets: ids (1), names (Dataset001_Cells) or folders")
    @Completion(DatasetCompleter.class)
    List<String> datasets;

    @Option(name = "-np", description = "cases processed at a time (default: number of cores)")
    Integer workers;

    @Override
    public Object execute() throws Exception {
        PlanAndPreprocessResult result = workflow.planAndPreprocess(request(), Console.progress());
        result.datasets().stream().filter(d -> d.plans() != null).forEach(d -> PlansTable.print(d.plans()));
        return null;
    }

    /** The steps and flags of this command. */
    abstract PlanAndPreprocessRequest request();
}
