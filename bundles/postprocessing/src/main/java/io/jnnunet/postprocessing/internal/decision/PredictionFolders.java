package io.jnnunet.postprocessing.internal.decision;

import io.jnnunet.formats.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The file chores of the decision: listing predictions and copying them atomically. */
final class PredictionFolders {

    private PredictionFolders() {
    }

    /** The names of the files of a folder that end with the dataset's file ending, sorted. */
    static List<String> predictions(Path folder, String fileEnding) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("the folder " + folder + " does not exist");
        }
        String ending = fileEnding.toLowerCase(Locale.ROOT);
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(ending) && !n.startsWith(".")).sorted().toList();
        }
    }

    static void copy(Path from, Path to) throws IOException {
        AtomicFiles.write(to, out -> Files.copy(from, out));
    }
}
