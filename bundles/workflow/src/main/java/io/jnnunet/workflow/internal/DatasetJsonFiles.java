package io.jnnunet.workflow.internal;

import io.jnnunet.api.DatasetReader;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the steps that take nnU-Net's {@code -djfile} find the dataset.json when it is not given. */
final class DatasetJsonFiles {

    private final NnunetJson json = new NnunetJson();

    /** The dataset.json given, else the first of the candidates that exists. */
    DatasetSpec read(String given, Path... candidates) throws IOException {
        List<Path> tried = new ArrayList<>();
        for (Path file : given != null ? new Path[] {Path.of(given)} : candidates) {
            if (Files.isRegularFile(file)) {
                return json.read(file, DatasetSpec.class);
            }
            tried.add(file);
        }
        throw new IllegalArgumentException("no dataset.json: " + tried + (given != null ? " does" : " do")
                + " not exist; give one with -djfile (dataset_json)");
    }

    /** The dataset.json in a folder. */
    static Path in(Path folder) {
        return folder.resolve(DatasetReader.DATASET_JSON);
    }

    /** The dataset.json beside a file or folder, as nnU-Net keeps it beside labelsTr or postprocessing.json. */
    static Path beside(Path path) {
        Path absolute = path.toAbsolutePath();
        return in(absolute.getParent() == null ? absolute : absolute.getParent());
    }
}
