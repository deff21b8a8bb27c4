package io.jnnunet.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "nnunet", name = "architectures",
        description = "Lists the installed network architectures, the bundles that provide them and which one of each"
                + " name is active")
public class ArchitecturesCommand implements Action {

    /** The network bundle's service type, by name: the shell does not import the network (DJL) package. */
    static final String ARCHITECTURE = "io.jnnunet.network.NetworkArchitecture";
    /** Its name property ({@code NetworkArchitecture.NAME}). */
    static final String NAME = "architecture.name";

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Architecture");
        ServiceListing.addColumns(table);
        table.emptyTableText("no architecture is installed");
        for (ServiceListing.Row row : ServiceListing.of(bundleContext, ARCHITECTURE, NAME)) {
            table.addRow().addContent(ServiceListing.row(row, row.name()));
        }
        table.print(System.out);
        return null;
    }
}
