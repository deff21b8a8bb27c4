package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.EvaluateFolderRequest;
import io.jnnunet.api.workflow.EvaluationResult;
import io.jnnunet.api.workflow.EvaluationWorkflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "nnunet", name = "evaluate",
        description = "Evaluates a folder of predictions against a folder of references and writes summary.json"
                + " (nnUNetv2_evaluate_folder), with instance metrics (AP, PQ, F1@0.5:0.9) when instance references are given")
public class EvaluateCommand implements Action {

    /** nnU-Net's own metrics, of which the table shows only Dice and IoU; other evaluators' metrics get columns. */
    private static final Set<String> COUNTS = Set.of("TP", "FP", "FN", "TN", "n_pred", "n_ref", "Dice", "IoU");
    private static final List<String> INSTANCE_ROWS = List.of("AP@0.5", "AP@0.75", "mAP", "PQ", "F1@0.5",
            "F1@0.5:0.9", "precision@0.5", "recall@0.5");

    @Reference
    EvaluationWorkflow workflow;

    @Option(name = "-ref", aliases = "--reference", required = true, description = "folder of reference labels")
    String reference;

    @Option(name = "-pred", aliases = "--prediction", required = true, description = "folder of predictions")
    String prediction;

    @Option(name = "-djfile", description = "dataset.json (default: the prediction folder's, else the one beside"
            + " the reference folder)")
    String datasetJson;

    @Option(name = "-pfile", description = "plans file, accepted as nnU-Net takes it; must exist when given (the"
            + " reader is chosen by dataset.json's file_ending)")
    String plansJson;

    @Option(name = "-o", aliases = "--output", description = "summary file (default: <pred>/summary.json)")
    String output;

    @Option(name = "-np", description = "cases evaluated at a time (default 8, as nnU-Net)")
    Integer workers;

    @Option(name = "--chill", description = "evaluate only the predictions that exist; do not fail on missing ones")
    boolean chill;

    @Option(name = "--ref-instances", description = "folder of reference instance labels (default: <ref>_instances"
            + " when it exists)")
    String referenceInstances;

    @Option(name = "--instances", description = "the predictions hold instance ids (nnunet:predict --instances)")
    boolean instances;

    @Option(name = "-e", aliases = "--evaluator", multiValued = true,
            description = "evaluators to run (nnunet:evaluators; default: all installed)")
    List<String> evaluators;

    @Override
    public Object execute() throws Exception {
        print(workflow.evaluateFolder(new EvaluateFolderRequest(reference, prediction, datasetJson, plansJson, output,
                workers, chill, referenceInstances, instances, evaluators), Console.progress()));
        return null;
    }

    private static void print(EvaluationResult summary) {
        List<String> metrics = new ArrayList<>(List.of("Dice", "IoU"));
        summary.foregroundMean().keySet().stream().filter(m -> !COUNTS.contains(m)).forEach(metrics::add);
        ShellTable table = new ShellTable();
        table.column("Label");
        metrics.forEach(m -> table.column(m).alignRight());
        table.emptyTableText("no label metrics");
        summary.mean().forEach((label, values) -> addRow(table, label, values, metrics));
        if (!summary.mean().isEmpty()) {
            addRow(table, "foreground mean", summary.foregroundMean(), metrics);
        }
        table.print(System.out);
        if (!summary.instanceMean().isEmpty()) {
            ShellTable instanceTable = new ShellTable();
            instanceTable.column("Instances (mean over cases)");
            instanceTable.column("Value").alignRight();
            for (String row : INSTANCE_ROWS) {
                instanceTable.addRow().addContent(row, Formats.fourDecimals(summary.instanceMean().get(row)));
            }
            instanceTable.print(System.out);
        }
        summary.notes().forEach(note -> System.out.println("note: " + note));
        System.out.println(summary.cases() + " cases evaluated; " + summary.summaryFile()
                + (summary.instanceMean().isEmpty() ? "" : " (instances pooled over all objects: instances_pooled)"));
    }

    private static void addRow(ShellTable table, String label, Map<String, Double> values, List<String> metrics) {
        List<Object> row = new ArrayList<>(List.of(label));
        metrics.forEach(m -> row.add(Formats.fourDecimals(values.get(m))));
        table.addRow().addContent(row);
    }
}
