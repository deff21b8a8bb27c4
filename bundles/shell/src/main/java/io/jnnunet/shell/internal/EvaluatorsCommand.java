package io.jnnunet.shell.internal;

import io.jnnunet.api.Evaluator;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "nnunet", name = "evaluators",
        description = "Lists the installed evaluators (metric families of nnunet:evaluate), their bundles and which"
                + " one of each name is active")
public class EvaluatorsCommand implements Action {

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Evaluator");
        table.column("Description").maxSize(90).wrap();
        ServiceListing.addColumns(table);
        table.emptyTableText("no evaluator is installed");
        for (ServiceListing.Row row
                : ServiceListing.of(bundleContext, Evaluator.class.getName(), Evaluator.NAME)) {
            table.addRow().addContent(ServiceListing.row(row, row.name(),
                    row.describe(bundleContext, Evaluator.class, Evaluator::description)));
        }
        table.print(System.out);
        return null;
    }
}
