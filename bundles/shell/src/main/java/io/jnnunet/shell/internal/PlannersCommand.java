package io.jnnunet.shell.internal;

import io.jnnunet.api.ExperimentPlanner;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "nnunet", name = "planners",
        description = "Lists the installed experiment planners, their bundles and which one of each name is active")
public class PlannersCommand implements Action {

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Planner");
        table.column("Description").maxSize(90).wrap();
        ServiceListing.addColumns(table);
        table.emptyTableText("no planner is installed");
        for (ServiceListing.Row row
                : ServiceListing.of(bundleContext, ExperimentPlanner.class.getName(), ExperimentPlanner.NAME)) {
            table.addRow().addContent(ServiceListing.row(row, row.name(),
                    row.describe(bundleContext, ExperimentPlanner.class, ExperimentPlanner::description)));
        }
        table.print(System.out);
        return null;
    }
}
