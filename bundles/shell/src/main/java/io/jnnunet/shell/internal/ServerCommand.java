package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.ServerInfo;
import io.jnnunet.api.workflow.ServerStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "nnunet", name = "server",
        description = "Shows the lab server: its address, job queue, the models it keeps loaded and its watch folders")
public class ServerCommand implements Action {

    // Optional: the shell works without the server feature
    @Reference(optional = true)
    ServerStatus status;

    @Override
    public Object execute() {
        if (status == null) {
            throw new IllegalStateException("the lab server is not running: feature:install jnnunet-server");
        }
        ServerInfo server = status.server();
        System.out.println("Address: " + server.address() + "   (jnnunet " + server.version() + ")");
        if (server.warning() != null) {
            System.out.println("Warning: " + server.warning());
        }
        System.out.printf("Queue:   %d queued, %d running, at most %d waiting%n", server.queue().queued(),
                server.queue().running(), server.queue().limit());
        System.out.println();
        ShellTable models = new ShellTable();
        models.column("Loaded model");
        models.column("Folds");
        models.column("Checkpoint");
        models.column("Memory").alignRight();
        models.column("Last used");
        models.emptyTableText("no model loaded yet (the first prediction of a model loads it)");
        for (ServerInfo.LoadedModel m : server.loadedModels()) {
            models.addRow().addContent(m.model(), String.join(",", m.folds()), m.checkpoint(), Formats.bytes(m.bytes()),
                    m.lastUsed());
        }
        models.print(System.out);
        System.out.println();
        ShellTable folders = new ShellTable();
        folders.column("Watch folder");
        folders.column("Inbox");
        folders.column("Outbox");
        folders.column("Model");
        folders.column("Done").alignRight();
        folders.column("Failed").alignRight();
        folders.column("Last error");
        folders.emptyTableText("no watch folder (add etc/io.jnnunet.watch-<name>.cfg)");
        for (ServerInfo.WatchFolder w : server.watchFolders()) {
            folders.addRow().addContent(w.name(), w.inbox(), w.outbox(), w.model(), w.done(), w.failed(),
                    w.lastError() == null ? "" : w.lastError());
        }
        folders.print(System.out);
        return null;
    }
}
