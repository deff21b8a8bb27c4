package io.jnnunet.shell.internal;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.EvaluationRequest;
import io.jnnunet.api.EvaluationSummary;
import io.jnnunet.api.FolderEvaluator;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
                + " (nnUNetv2_evaluate_folder), with instance metrics (AP, PQ) when instance references are given")
public class EvaluateCommand implements Action {

    /** nnU-Net's own metrics, of which the table shows only Dice and IoU; other evaluators' metrics get columns. */
    private static final Set<String> COUNTS = Set.of("TP", "FP", "FN", "TN", "n_pred", "n_ref", "Dice", "IoU");
    private static final List<String> INSTANCE_ROWS = List.of("AP@0.5", "AP@0.75", "mAP", "PQ", "F1@0.5",
            "precision@0.5", "recall@0.5");

    @Reference
    FolderEvaluator evaluator;

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
    int workers = 8;

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
        Path ref = Path.of(reference).toAbsolutePath().normalize();
        Path pred = Path.of(prediction).toAbsolutePath().normalize();
        if (plansJson != null && !Files.isRegularFile(Path.of(plansJson))) {
            throw new NoSuchFileException(plansJson, null, "plans file not found");
        }
        // instance predictions carry ids, not the model's labels: the references' dataset.json says what they mean
        DatasetSpec spec = instances
                ? DatasetJsonFile.read(datasetJson, DatasetJsonFile.beside(ref), DatasetJsonFile.in(pred))
                : DatasetJsonFile.read(datasetJson, DatasetJsonFile.in(pred), DatasetJsonFile.beside(ref));
        Path instanceRefs = referenceInstances == null ? null : Path.of(referenceInstances).toAbsolutePath();
        Path sibling = ref.resolveSibling(ref.getFileName() + "_instances");
        if (instanceRefs == null && Files.isDirectory(sibling)) {
            instanceRefs = sibling;
            System.out.println("instance references: " + sibling + " (found beside the references)");
        }
        Path summaryFile = output == null ? pred.resolve("summary.json") : Path.of(output).toAbsolutePath();
        EvaluationSummary summary = evaluator.evaluateFolder(new EvaluationRequest(ref, pred, summaryFile, spec,
                instanceRefs, instances, chill, evaluators, workers), new ConsoleProgress(System.out));
        print(summary);
        return null;
    }

    private static void print(EvaluationSummary summary) {
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
                instanceTable.addRow().addContent(row, format(summary.instanceMean().get(row)));
            }
            instanceTable.print(System.out);
        }
        summary.notes().forEach(note -> System.out.println("note: " + note));
        System.out.println(summary.cases() + " cases evaluated; " + summary.file()
                + (summary.instanceMean().isEmpty() ? "" : " (instances pooled over all objects: instances_pooled)"));
    }

    private static void addRow(ShellTable table, String label, Map<String, Double> values, List<String> metrics) {
        List<Object> row = new ArrayList<>(List.of(label));
        metrics.forEach(m -> row.add(format(values.get(m))));
        table.addRow().addContent(row);
    }

    private static String format(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
    }
}
