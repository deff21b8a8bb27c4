package io.jnnunet.shell.internal;

import io.jnnunet.api.ImageIo;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "nnunet", name = "readers",
        description = "Lists the installed image readers/writers by file ending, the bundles that provide them and"
                + " which one of each ending is active")
public class ReadersCommand implements Action {

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Ending");
        table.column("Reader/writer");
        ServiceListing.addColumns(table);
        table.emptyTableText("no image reader/writer is installed");
        for (ServiceListing.Row row
                : ServiceListing.of(bundleContext, ImageIo.class.getName(), ImageIo.FILE_ENDING)) {
            table.addRow().addContent(ServiceListing.row(row, row.name(),
                    row.describe(bundleContext, ImageIo.class, ImageIo::name)));
        }
        table.print(System.out);
        return null;
    }
}
