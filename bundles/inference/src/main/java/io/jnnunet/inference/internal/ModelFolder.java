package io.jnnunet.inference.internal;

import io.jnnunet.api.NnunetPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A trained model folder {@code nnUNet_results/DatasetXXX/<trainer>__<plans>__<configuration>} and the checkpoints of
 * the folds to use, resolved as nnU-Net's {@code initialize_from_trained_model_folder} does.
 */
record ModelFolder(Path folder, String trainer, String plans, String configuration, List<Path> checkpoints) {

    static final String CHECKPOINT_ENDING = ".djl";

    /**
     * @param folds {@code 0}..{@code 4}, {@code all}; empty: every {@code fold_N} holding the checkpoint
     * @param checkpointName {@code checkpoint_final} (nnU-Net's {@code .pth} ending is accepted and mapped)
     * @throws IOException naming the folder or the missing checkpoint
     */
    static ModelFolder resolve(Path folder, List<String> folds, String checkpointName) throws IOException {
        String[] parts = folder.getFileName().toString().split("__");
        if (parts.length != 3) {
            throw new IOException(folder + " is not a model folder: its name must be"
                    + " <trainer>__<plans>__<configuration>");
        }
        if (!Files.isDirectory(folder)) {
            throw new IOException("model folder " + folder + " does not exist: train the configuration first");
        }
        String file = fileName(checkpointName);
        List<Path> checkpoints = new ArrayList<>();
        if (folds.isEmpty()) {
            try (Stream<Path> children = Files.list(folder)) {
                children.filter(c -> c.getFileName().toString().matches("fold_\\d+"))
                        .filter(c -> Files.isRegularFile(c.resolve(file)))
                        .sorted()
                        .forEach(c -> checkpoints.add(c.resolve(file)));
            }
            if (checkpoints.isEmpty()) {
                throw new IOException("no fold of " + folder + " has " + file);
            }
        } else {
            for (String fold : folds) {
                Path checkpoint = folder.resolve("fold_" + fold).resolve(file);
                if (!Files.isRegularFile(checkpoint)) {
                    throw new IOException("fold " + fold + " has no " + file + ": " + checkpoint);
                }
                checkpoints.add(checkpoint);
            }
        }
        return new ModelFolder(folder, parts[0], parts[1], parts[2], List.copyOf(checkpoints));
    }

    static String fileName(String checkpointName) {
        String name = checkpointName == null || checkpointName.isBlank() ? "checkpoint_final" : checkpointName;
        if (name.endsWith(".pth")) {
            name = name.substring(0, name.length() - 4);
        }
        return name.endsWith(CHECKPOINT_ENDING) ? name : name + CHECKPOINT_ENDING;
    }

    /** The folds of the checkpoints, {@code 0}..{@code 4} or {@code all}. */
    List<String> folds() {
        return checkpoints.stream().map(c -> NnunetPaths.fold(c.getParent())).toList();
    }

    /** {@code fold_0}: for messages. */
    static String foldName(Path checkpoint) {
        return checkpoint.getParent().getFileName().toString();
    }
}
