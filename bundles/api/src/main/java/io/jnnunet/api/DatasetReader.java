package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads a raw dataset's layout by nnU-Net's naming rules: {@code {CASE}_{XXXX}{ending}} images, {@code {CASE}{ending}} labels. */
public interface DatasetReader {

    String DATASET_JSON = "dataset.json";

    /**
     * Reads {@code dataset.json} of a dataset folder.
     *
     * @throws IOException naming the file and what is wrong when it is missing or malformed
     */
    DatasetSpec readDatasetJson(Path datasetFolder) throws IOException;

    /** Writes {@code dataset.json} into a dataset folder, atomically. */
    void writeDatasetJson(DatasetSpec spec, Path datasetFolder) throws IOException;

    /**
     * The training cases: from the {@code dataset} key of {@code dataset.json} when it has one, else every case
     * identifier found in {@code imagesTr} with its label in {@code labelsTr} (the label path is given even when the
     * file does not exist, so a checker can report it).
     */
    List<DatasetCase> trainingCases(Path datasetFolder, DatasetSpec spec) throws IOException;

    /** The cases of a folder of images named {@code {CASE}_{XXXX}{ending}}, without labels (inference input). */
    List<DatasetCase> imageCases(Path imagesFolder, String fileEnding) throws IOException;
}
