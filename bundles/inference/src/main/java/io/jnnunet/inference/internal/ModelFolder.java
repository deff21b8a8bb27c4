package io.jnnunet.inference.internal;

import io.jnnunet.api.NnunetPaths;
import io.jnnunet.formats.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A trained model folder {@code nnUNet_results/DatasetXXX/<trainer>__<plans>__<configuration>} and the checkpoints of
 * the folds to use, resolved as nnU-Net's {@code initialize_from_trained_model_folder} does.
 */
record ModelFolder(Path folder, String trainer, String plans, String configuration, List<Path> checkpoints) {

    static final String CHECKPOINT_ENDING = ".djl";

    /**
     * @param folds {@code 0}..{@code 4}, {@code all}; empty: every {@code fold_N} holding the checkpoint
     * @param checkpointName {@code checkpoint_final} (see {@link #checkpoint})
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
        List<Path> checkpoints = new ArrayList<>();
        if (folds.isEmpty()) {
            try (Stream<Path> children = Files.list(folder)) {
                children.filter(c -> c.getFileName().toString().matches("fold_\\d+"))
                        .sorted()
                        .map(c -> checkpoint(c, checkpointName))
                        .filter(Objects::nonNull)
                        .forEach(checkpoints::add);
            }
            if (checkpoints.isEmpty()) {
                throw new IOException("no fold of " + folder + " has " + describe(checkpointName));
            }
        } else {
            for (String fold : folds) {
                Path foldFolder = folder.resolve("fold_" + fold);
                Path checkpoint = checkpoint(foldFolder, checkpointName);
                if (checkpoint == null) {
                    throw new IOException("fold " + fold + " has no " + describe(checkpointName) + ": " + foldFolder);
                }
                checkpoints.add(checkpoint);
            }
        }
        return new ModelFolder(folder, parts[0], parts[1], parts[2], List.copyOf(checkpoints));
    }

    /**
     * The checkpoint of a fold folder, {@code null} when it has none by that name. A name without ending is
     * jnnunet's {@code .djl}, else nnU-Net's {@code .pth} (a folder trained by Python nnU-Net); a {@code .pth} name
     * ({@code -chk checkpoint_final.pth}) is that file, else the {@code .djl} of the same name, so that nnU-Net's
     * command lines work on jnnunet's folds; a {@code .djl} name is that file.
     */
    static Path checkpoint(Path fold, String checkpointName) {
        return candidates(checkpointName).stream().map(fold::resolve).filter(Files::isRegularFile).findFirst()
                .orElse(null);
    }

    private static List<String> candidates(String checkpointName) {
        String name = checkpointName == null || checkpointName.isBlank() ? "checkpoint_final" : checkpointName;
        if (name.endsWith(CHECKPOINT_ENDING)) {
            return List.of(name);
        }
        if (name.endsWith(TorchCheckpoint.FILE_ENDING)) {
            return List.of(name, name.substring(0, name.length() - TorchCheckpoint.FILE_ENDING.length())
                    + CHECKPOINT_ENDING);
        }
        return List.of(name + CHECKPOINT_ENDING, name + TorchCheckpoint.FILE_ENDING);
    }

    /** {@code checkpoint_final.djl or checkpoint_final.pth}: for messages. */
    static String describe(String checkpointName) {
        return String.join(" or ", candidates(checkpointName));
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
