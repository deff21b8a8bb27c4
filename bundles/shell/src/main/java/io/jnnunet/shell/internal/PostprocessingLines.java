package io.jnnunet.shell.internal;

import io.jnnunet.api.workflow.PostprocessingReport;
import java.util.Locale;

/** How the postprocessing commands print a decision. */
final class PostprocessingLines {

    private PostprocessingLines() {
    }

    /** The Dice before and after, and the steps accepted. */
    static void print(PostprocessingReport report) {
        System.out.printf(Locale.ROOT, "Foreground-mean Dice: %s raw, %s postprocessed%n",
                dice(report.rawForegroundDice()), dice(report.postprocessedForegroundDice()));
        if (report.accepted().isEmpty()) {
            System.out.println("No postprocessing improves the Dice: none is applied");
        }
        for (PostprocessingReport.Step step : report.accepted()) {
            System.out.println("Accepted: " + step.function() + " " + step.kwargs());
        }
        System.out.println("Decision written to " + report.file());
    }

    private static String dice(Double value) {
        return value == null ? "null" : String.format(Locale.ROOT, "%.5f", value);
    }
}
