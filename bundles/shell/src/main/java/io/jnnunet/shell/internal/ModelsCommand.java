package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.InstalledModel;
import io.jnnunet.api.workflow.ModelExchangeWorkflow;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "nnunet", name = "models",
        description = "Lists the models under nnUNet_results (folders with a fold checkpoint) and where each came"
                + " from: trained here, installed from a zip, or an nnU-Net model folder")
public class ModelsCommand implements Action {

    @Reference
    ModelExchangeWorkflow workflow;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.column("Model");
        table.column("Folds");
        table.column("Checkpoints");
        table.column("Origin");
        table.emptyTableText("no trained or installed model");
        for (InstalledModel model : workflow.models()) {
            table.addRow().addContent(model.id(), String.join(" ", model.folds()),
                    String.join(" ", model.checkpoints()), model.origin().describe());
        }
        table.print(System.out);
        return null;
    }
}
