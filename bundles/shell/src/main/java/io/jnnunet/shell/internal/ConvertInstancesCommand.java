package io.jnnunet.shell.internal;

import io.jnnunet.api.Durations;
import io.jnnunet.api.InstanceDatasetConverter;
import io.jnnunet.api.NnunetPaths;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "nnunet", name = "convert-instances",
        description = "Builds a new raw dataset whose training labels an instance recipe encodes from the source's"
                + " labelsTr_instances (e.g. core/border classes for touching cells); images and the other label"
                + " folders are linked or copied")
public class ConvertInstancesCommand implements Action {

    @Reference
    NnunetPaths paths;

    @Reference
    InstanceDatasetConverter converter;

    @Option(name = "-d", aliases = "--dataset", required = true,
            description = "the source dataset: an id (1), a name (Dataset001_Cells) or a folder")
    @Completion(DatasetCompleter.class)
    String dataset;

    @Option(name = "-o", aliases = "--output", required = true,
            description = "the new dataset's name in the raw folder, e.g. Dataset002_CellsCoreBorder")
    String output;

    @Option(name = "--recipe", description = "the instance recipe (nnunet:instance-recipes lists them)")
    @Completion(InstanceRecipeCompleter.class)
    String recipe = "core-border";

    @Option(name = "--border-width", description = "core-border: voxels around a touching neighbour marked border"
            + " (default 2)")
    Double borderWidth;

    @Option(name = "--overwrite", description = "replace the new dataset if it exists")
    boolean overwrite;

    @Override
    public Object execute() throws Exception {
        Path source = paths.rawDataset(dataset);
        Map<String, Double> parameters = new LinkedHashMap<>();
        if (borderWidth != null) {
            parameters.put("border_width", borderWidth);
        }
        long start = System.nanoTime();
        Path target = converter.convert(source, paths.raw(), output, recipe, parameters, overwrite,
                Console.progress());
        System.out.printf("%s written from %s by recipe %s in %s%n", target, source, recipe,
                Durations.format((System.nanoTime() - start) / 1e9));
        return null;
    }
}
