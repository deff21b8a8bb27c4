package io.jnnunet.shell.internal;

import io.jnnunet.api.ExperimentPlanner;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "nnunet", name = "planners", description = "Lists the installed experiment planners and their bundles")
public class PlannersCommand implements Action {

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Planner");
        table.column("Description").maxSize(90).wrap();
        table.column("Bundle");
        table.emptyTableText("no planner is installed");
        for (NamedServices.Entry<ExperimentPlanner> entry
                : NamedServices.list(bundleContext, ExperimentPlanner.class, ExperimentPlanner.NAME)) {
            table.addRow().addContent(entry.name(), entry.service().description(), entry.bundle());
        }
        table.print(System.out);
        return null;
    }
}
