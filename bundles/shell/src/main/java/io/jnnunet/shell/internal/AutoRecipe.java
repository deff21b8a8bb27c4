package io.jnnunet.shell.internal;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.io.NnunetJson;
import java.io.IOException;
import java.nio.file.Path;

/** {@code --instances auto}: the recipe a model was trained for, read from its dataset.json labels. */
final class AutoRecipe {

    static final String AUTO = "auto";

    private AutoRecipe() {
    }

    /** {@code name} itself, or for {@value #AUTO}: core-border when the labels have a border, else watershed. */
    static String resolve(String name, Path modelFolder) throws IOException {
        if (!AUTO.equals(name)) {
            return name;
        }
        DatasetSpec spec = new NnunetJson().read(modelFolder.resolve("dataset.json"), DatasetSpec.class);
        return spec.labels().containsKey("border") ? "core-border" : "watershed";
    }
}
