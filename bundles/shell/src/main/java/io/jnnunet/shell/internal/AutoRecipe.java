package io.jnnunet.shell.internal;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** {@code --instances auto}: the recipe a model was trained for, read from its dataset.json labels. */
final class AutoRecipe {

    static final String AUTO = "auto";
    /** The key nnunet:convert-instances writes into dataset.json: {@code {"name": ..., "parameters": {...}}}. */
    static final String INSTANCE_RECIPE = "instance_recipe";

    private AutoRecipe() {
    }

    /**
     * {@code name} itself, or for {@value #AUTO}: the recipe the dataset was converted with, else core-border when the
     * labels have a border, else watershed.
     */
    static String resolve(String name, Path modelFolder) throws IOException {
        if (!AUTO.equals(name)) {
            return name;
        }
        DatasetSpec spec = new NnunetJson().read(modelFolder.resolve("dataset.json"), DatasetSpec.class);
        if (spec.other().get(INSTANCE_RECIPE) instanceof Map<?, ?> recipe
                && recipe.get("name") instanceof String converted) {
            return converted;
        }
        return spec.labels().containsKey("border") ? "core-border" : "watershed";
    }
}
