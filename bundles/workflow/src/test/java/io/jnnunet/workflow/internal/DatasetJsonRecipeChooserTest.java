package io.jnnunet.workflow.internal;

import static org.junit.Assert.assertEquals;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.workflow.InstanceRecipeChooser;
import io.jnnunet.io.internal.NnunetDatasetReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DatasetJsonRecipeChooserTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final NnunetDatasetReader reader = new NnunetDatasetReader();
    private final InstanceRecipeChooser chooser = new DatasetJsonRecipeChooser(reader);

    private Path model(Map<String, Object> labels, Map<String, Object> other) throws Exception {
        Path folder = tmp.newFolder().toPath();
        DatasetSpec spec = DatasetSpec.of(Map.of("0", "fluorescence"), labels, 10, ".png");
        spec.other().putAll(other);
        reader.writeDatasetJson(spec, folder);
        return folder;
    }

    @Test
    public void autoTakesTheConvertersRecipeElseCoreBorderForABorderLabelElseWatershed() throws Exception {
        Map<String, Object> coreBorder = Map.of("background", 0, "cell", 1, "border", 2);
        assertEquals("lab-recipe", chooser.choose("auto", model(coreBorder,
                Map.of("instance_recipe", Map.of("name", "lab-recipe", "parameters", Map.of())))));
        assertEquals("core-border", chooser.choose("auto", model(coreBorder, Map.of())));
        assertEquals("watershed", chooser.choose("auto", model(Map.of("background", 0, "cell", 1), Map.of())));
        assertEquals("connected-components", chooser.choose("connected-components", tmp.getRoot().toPath()));
    }
}
