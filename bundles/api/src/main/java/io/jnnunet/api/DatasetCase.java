package io.jnnunet.api;

import java.nio.file.Path;
import java.util.List;

/**
 * One case of a dataset: its identifier, its channel files in channel order and its label file ({@code null} for
 * cases without a label, such as inference inputs).
 */
public record DatasetCase(String id, List<Path> images, Path label) {

    public DatasetCase {
        images = List.copyOf(images);
    }
}
