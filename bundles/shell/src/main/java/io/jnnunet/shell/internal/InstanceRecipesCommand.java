package io.jnnunet.shell.internal;

import io.jnnunet.api.InstanceRecipe;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

@Service
@Command(scope = "nnunet", name = "instance-recipes",
        description = "Lists the installed instance recipes (cells to training labels and back), their labels,"
                + " decoding parameters and bundles")
public class InstanceRecipesCommand implements Action {

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Recipe");
        table.column("Description").maxSize(60).wrap();
        table.column("Labels");
        table.column("Defaults");
        ServiceListing.addColumns(table);
        table.emptyTableText("no instance recipe is installed");
        for (ServiceListing.Row row
                : ServiceListing.of(bundleContext, InstanceRecipe.class.getName(), InstanceRecipe.NAME)) {
            table.addRow().addContent(ServiceListing.row(row, row.name(),
                    row.describe(bundleContext, InstanceRecipe.class, InstanceRecipe::description),
                    row.describe(bundleContext, InstanceRecipe.class, recipe -> join(recipe.labels())),
                    row.describe(bundleContext, InstanceRecipe.class,
                            recipe -> join(new TreeMap<>(recipe.defaultParameters())))));
        }
        table.print(System.out);
        return null;
    }

    private static String join(Map<String, ?> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() instanceof Double d ? Formats.number(d) : e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
