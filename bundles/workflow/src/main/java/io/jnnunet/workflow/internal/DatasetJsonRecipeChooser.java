package io.jnnunet.workflow.internal;

import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.workflow.InstanceRecipeChooser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code --instances auto}: the recipe a model was trained for, read from the dataset.json in its model folder. */
@Component(service = InstanceRecipeChooser.class)
public class DatasetJsonRecipeChooser implements InstanceRecipeChooser {

    static final String CORE_BORDER = "core-border";
    static final String WATERSHED = "watershed";
    static final String BORDER_LABEL = "border";

    private final DatasetReader datasetReader;

    @Activate
    public DatasetJsonRecipeChooser(@Reference DatasetReader datasetReader) {
        this.datasetReader = datasetReader;
    }

    @Override
    public String choose(String recipe, Path modelFolder) throws IOException {
        if (!AUTO.equals(recipe)) {
            return recipe;
        }
        DatasetSpec spec = datasetReader.readDatasetJson(modelFolder);
        return recorded(spec).orElse(spec.labels() != null && spec.labels().containsKey(BORDER_LABEL) ? CORE_BORDER
                : WATERSHED);
    }

    /** The recipe the converter recorded in a dataset.json ({@value #DATASET_JSON_KEY}), if it did. */
    static Optional<String> recorded(DatasetSpec spec) {
        return spec.other().get(DATASET_JSON_KEY) instanceof Map<?, ?> converted
                && converted.get("name") instanceof String name ? Optional.of(name) : Optional.empty();
    }
}
