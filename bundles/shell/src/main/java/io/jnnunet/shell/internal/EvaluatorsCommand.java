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
        description = "Lists the installed evaluators (metric families of nnunet:evaluate) and their bundles")
public class EvaluatorsCommand implements Action {

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Evaluator");
        table.column("Description").maxSize(90).wrap();
        table.column("Bundle");
        table.emptyTableText("no evaluator is installed");
        for (NamedServices.Entry<Evaluator> entry
                : NamedServices.list(bundleContext, Evaluator.class, Evaluator.NAME)) {
            table.addRow().addContent(entry.name(), entry.service().description(), entry.bundle());
        }
        table.print(System.out);
        return null;
    }
}
