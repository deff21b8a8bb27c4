package io.jnnunet.shell.internal;

import io.jnnunet.api.DatasetVerifier;
import io.jnnunet.api.IntegrityProblem;
import io.jnnunet.api.IntegrityReport;
import io.jnnunet.api.NnunetPaths;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "nnunet", name = "verify-dataset",
        description = "Checks a raw dataset as nnU-Net's verify_dataset_integrity does and lists every problem found;"
                + " fails (non-zero exit status) when there is an error. Changes nothing on disk.")
public class VerifyDatasetCommand implements Action {

    @Reference
    DatasetVerifier verifier;

    @Reference
    NnunetPaths paths;

    @Argument(index = 0, name = "dataset", required = true,
            description = "the dataset: a folder, or a name (Dataset001_Cells) or id (1) under the raw folder")
    @Completion(DatasetCompleter.class)
    String dataset;

    @Option(name = "-q", aliases = "--quiet", description = "print only the summary line")
    boolean quiet;

    @Override
    public Object execute() {
        Path folder = paths.rawDataset(dataset);
        IntegrityReport report = verifier.verify(folder);
        if (!quiet && !report.problems().isEmpty()) {
            ShellTable table = new ShellTable();
            table.column("Severity");
            table.column("File");
            table.column("Problem").maxSize(120).wrap();
            for (IntegrityProblem problem : report.problems()) {
                table.addRow().addContent(problem.severity(), relative(folder, problem.file()), problem.message());
            }
            table.print(System.out);
        }
        String summary = String.format("%s: %d cases checked, %d errors, %d warnings", folder,
                report.casesChecked(), report.errors().size(), report.warnings().size());
        if (!report.ok()) {
            throw new IllegalStateException(summary + ": the dataset is not usable until the errors are fixed");
        }
        System.out.println(summary + ": OK");
        return null;
    }

    private static Object relative(Path folder, Path file) {
        if (file == null) {
            return "";
        }
        Path absolute = file.toAbsolutePath().normalize();
        Path base = folder.toAbsolutePath().normalize();
        return absolute.startsWith(base) && !absolute.equals(base) ? base.relativize(absolute) : file;
    }
}
