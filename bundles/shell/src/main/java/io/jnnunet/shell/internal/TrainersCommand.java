package io.jnnunet.shell.internal;

import io.jnnunet.api.TrainerVariant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "nnunet", name = "trainers",
        description = "Lists the trainers that -tr names (nnUNetTrainer and its variants, a lab's own), their"
                + " bundles and which one of each name is active")
public class TrainersCommand implements Action {

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Trainer");
        ServiceListing.addColumns(table);
        table.emptyTableText("no trainer is installed");
        for (ServiceListing.Row row
                : ServiceListing.of(bundleContext, TrainerVariant.class.getName(), TrainerVariant.NAME)) {
            table.addRow().addContent(ServiceListing.row(row, row.name()));
        }
        table.print(System.out);
        return null;
    }
}
