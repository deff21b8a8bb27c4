package io.jnnunet.shell.internal;

import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.Plans;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.table.ShellTable;

/** The configurations of a plans file as a table: patch, batch, network, spacing, normalisation, schedule. */
final class PlansTable {

    private PlansTable() {
    }

    static void print(Plans plans) {
        ShellTable table = new ShellTable();
        table.column("Configuration");
        table.column("Patch");
        table.column("Batch").alignRight();
        table.column("Stages").alignRight();
        table.column("Features");
        table.column("Spacing");
        table.column("Normalisation");
        table.column("Epochs x iterations");
        for (String name : plans.configurations().keySet()) {
            ConfigurationPlan c = plans.configuration(name);
            table.addRow().addContent(name, join(c.patchSize(), " x "), c.batchSize(),
                    c.architecture() == null ? "" : c.architecture().archKwargs().nStages(),
                    c.architecture() == null ? "" : join(c.architecture().archKwargs().featuresPerStage(), ", "),
                    c.spacing() == null ? "" : Arrays.stream(c.spacing()).mapToObj(Formats::number)
                            .collect(Collectors.joining(" x ")),
                    c.normalizationSchemes() == null ? "" : String.join(", ", c.normalizationSchemes()),
                    c.other().containsKey("num_epochs")
                            ? c.other().get("num_epochs") + " x " + c.other().get("num_iterations_per_epoch")
                            : "1000 x 250");
        }
        table.print(System.out);
    }

    private static String join(int[] values, String separator) {
        return values == null ? "" : Arrays.stream(values).mapToObj(Integer::toString)
                .collect(Collectors.joining(separator));
    }
}
