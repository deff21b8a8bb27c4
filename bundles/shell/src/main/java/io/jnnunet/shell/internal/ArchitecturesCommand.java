package io.jnnunet.shell.internal;

import io.jnnunet.network.NetworkArchitecture;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "nnunet", name = "architectures",
        description = "Lists the installed network architectures and the bundles that provide them")
public class ArchitecturesCommand implements Action {

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Architecture");
        table.column("Bundle");
        table.emptyTableText("no architecture is installed");
        for (NamedServices.Entry<NetworkArchitecture> entry
                : NamedServices.list(bundleContext, NetworkArchitecture.class, NetworkArchitecture.NAME)) {
            table.addRow().addContent(entry.name(), entry.bundle());
        }
        table.print(System.out);
        return null;
    }
}
