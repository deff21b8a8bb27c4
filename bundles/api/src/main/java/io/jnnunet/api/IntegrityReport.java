package io.jnnunet.api;

import java.nio.file.Path;
import java.util.List;

/** Everything a dataset integrity check found, all problems in one run. */
public record IntegrityReport(Path datasetFolder, int casesChecked, List<IntegrityProblem> problems) {

    public IntegrityReport {
        problems = List.copyOf(problems);
    }

    /** True when no error was found (warnings allowed), i.e. nnU-Net would accept the dataset. */
    public boolean ok() {
        return errors().isEmpty();
    }

    public List<IntegrityProblem> errors() {
        return problems.stream().filter(p -> p.severity() == IntegrityProblem.Severity.ERROR).toList();
    }

    public List<IntegrityProblem> warnings() {
        return problems.stream().filter(p -> p.severity() == IntegrityProblem.Severity.WARNING).toList();
    }
}
