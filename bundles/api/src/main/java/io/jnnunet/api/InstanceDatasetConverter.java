package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds a new raw dataset whose training labels an {@link InstanceRecipe} encodes from another dataset's instance
 * labels ({@code labelsTr_instances}), e.g. nnU-Net's core/border classes for touching cells.
 */
public interface InstanceDatasetConverter {

    /**
     * @param source the raw dataset with {@code labelsTr_instances}
     * @param rawFolder where the new dataset is made ({@code nnUNet_raw})
     * @param targetName the new dataset's name, {@code DatasetXXX_Name}
     * @param recipe the recipe's name
     * @param parameters encoding parameters (missing ones take the recipe's defaults)
     * @param overwrite replace an existing dataset of that name
     * @return the new dataset's folder, complete (it is built under a hidden name and renamed at the end)
     * @throws IOException naming the file or folder that is missing or unreadable
     */
    Path convert(Path source, Path rawFolder, String targetName, String recipe, Map<String, Double> parameters,
            boolean overwrite, ProgressListener progress) throws IOException;
}
