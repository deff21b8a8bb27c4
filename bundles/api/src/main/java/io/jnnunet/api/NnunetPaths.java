package io.jnnunet.api;

import java.nio.file.Path;

/**
 * The three folders of nnU-Net ({@code nnUNet_raw}, {@code nnUNet_preprocessed}, {@code nnUNet_results}) and the
 * resolution of dataset names and ids in them, as nnU-Net's {@code paths.py} and
 * {@code dataset_name_id_conversion.py} do it.
 */
public interface NnunetPaths {

    Path raw();

    Path preprocessed();

    Path results();

    /**
     * The raw folder of a dataset given as an existing folder path, a full name ({@code Dataset001_Cells}) or an id
     * ({@code 1}, {@code 001}).
     *
     * @throws IllegalArgumentException naming what was searched when no folder or more than one matches
     */
    Path rawDataset(String pathNameOrId);
}
