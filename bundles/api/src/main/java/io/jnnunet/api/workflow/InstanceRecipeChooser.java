package io.jnnunet.api.workflow;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The instance recipe a model was trained for ({@code --instances auto}), read from its dataset.json: the recipe
 * the dataset was converted with (nnunet:convert-instances records it under {@value #DATASET_JSON_KEY}), else
 * {@code core-border} when the labels have a {@code border}, else {@code watershed}.
 */
public interface InstanceRecipeChooser {

    /** The recipe name that asks for the automatic choice. */
    String AUTO = "auto";

    /** The dataset.json key the converter writes: {@code {"name": ..., "parameters": {...}}}. */
    String DATASET_JSON_KEY = "instance_recipe";

    /**
     * {@code recipe} itself, or for {@value #AUTO} the recipe of the model folder's dataset.json.
     *
     * @throws IOException naming the dataset.json when it is missing or malformed
     */
    String choose(String recipe, Path modelFolder) throws IOException;
}
