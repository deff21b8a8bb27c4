package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.EngineInfo;
import io.jnnunet.api.workflow.EngineStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "nnunet", name = "engine",
        description = "Shows the compute engine: DJL's PyTorch engine, its version, the devices it sees and its"
                + " threads")
public class EngineCommand implements Action {

    // Optional: without it, a failed engine start would take every command of this bundle away with it.
    @Reference(optional = true)
    EngineStatus status;

    @Override
    public Object execute() {
        if (status == null) {
            throw new IllegalStateException("the compute engine is not running: see log:display for why DJL's"
                    + " PyTorch engine did not start");
        }
        EngineInfo engine = status.engine();
        ShellTable table = new ShellTable();
        table.column("Engine");
        table.column("Version");
        table.column("DJL");
        table.column("Device");
        table.column("Default");
        table.column("Description");
        table.column("Memory").alignRight();
        table.column("Threads").alignRight();
        table.column("Inter-op threads").alignRight();
        for (EngineInfo.Device device : engine.devices()) {
            table.addRow().addContent(engine.engine(), engine.version(), engine.djlVersion(), device.name(),
                    device.isDefault() ? "*" : "", device.description(), Formats.bytes(device.memoryBytes()),
                    engine.threads(), engine.interOpThreads());
        }
        table.print(System.out);
        return null;
    }
}
