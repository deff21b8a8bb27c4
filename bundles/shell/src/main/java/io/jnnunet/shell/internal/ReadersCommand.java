package io.jnnunet.shell.internal;

import io.jnnunet.api.ImageIoInfo;
import io.jnnunet.api.ImageIoRegistry;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "nnunet", name = "readers",
        description = "Lists the installed image readers/writers by file ending, with the bundle that provides each")
public class ReadersCommand implements Action {

    @Reference
    ImageIoRegistry registry;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Ending");
        table.column("Reader/writer");
        table.column("Bundle");
        table.emptyTableText("no image reader/writer is installed");
        for (ImageIoInfo info : registry.installed()) {
            table.addRow().addContent(info.fileEnding(), info.name(), info.bundle());
        }
        table.print(System.out);
        return null;
    }
}
