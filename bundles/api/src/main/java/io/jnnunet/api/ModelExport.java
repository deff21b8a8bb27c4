package io.jnnunet.api;

import java.nio.file.Path;
import java.util.List;

/**
 * A written model package.
 *
 * @param file the package
 * @param format the {@link ModelExporter#FORMAT} that wrote it
 * @param bytes its size
 * @param folds the folds it holds
 * @param entries the paths inside it, in the order written
 */
public record ModelExport(Path file, String format, long bytes, List<String> folds, List<String> entries) {

    public ModelExport {
        folds = List.copyOf(folds);
        entries = List.copyOf(entries);
    }
}
