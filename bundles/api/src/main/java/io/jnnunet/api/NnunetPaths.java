package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The three folders of nnU-Net ({@code nnUNet_raw}, {@code nnUNet_preprocessed}, {@code nnUNet_results}), the
 * resolution of dataset names and ids in them, as nnU-Net's {@code paths.py} and
 * {@code dataset_name_id_conversion.py} do it, and nnU-Net's layout inside them: the one place where the model folder
 * {@code <trainer>__<plans>__<configuration>}, {@code fold_X}, {@code splits_final.json} and {@code validation/} are
 * built and parsed.
 */
public interface NnunetPaths {

    /** nnU-Net's cross-validation split file in a preprocessed dataset folder. */
    String SPLITS_FILE = "splits_final.json";

    /** A dataset folder's name, {@code DatasetXXX_Name}, as nnU-Net finds it by id: never a path. */
    Pattern DATASET_FOLDER = Pattern.compile("Dataset\\d{3}_[A-Za-z0-9_.-]+");

    /** A model folder's name, {@code <trainer>__<plans>__<configuration>}, in its parts. */
    record ModelName(String trainer, String plans, String configuration) {

        private static final Pattern SEPARATOR = Pattern.compile("__");

        public ModelName {
            for (String part : new String[] {trainer, plans, configuration}) {
                if (part == null || part.isBlank() || part.contains("__") || part.contains("/")
                        || part.contains("\\")) {
                    throw new IllegalArgumentException("trainer, plans and configuration must be non-empty names"
                            + " without '__' or path separators, got '" + part + "'");
                }
            }
        }

        /**
         * The parts of a model folder's name.
         *
         * @throws IllegalArgumentException when the name is not {@code <trainer>__<plans>__<configuration>}
         */
        public static ModelName parse(String folderName) {
            String[] parts = SEPARATOR.split(folderName, -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("'" + folderName + "' is not a model folder name"
                        + " (<trainer>__<plans>__<configuration>)");
            }
            return new ModelName(parts[0], parts[1], parts[2]);
        }

        @Override
        public String toString() {
            return trainer + "__" + plans + "__" + configuration;
        }
    }

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

    /** The name of a dataset's folder, as {@link #rawDataset} finds it ({@code Dataset001_Cells}). */
    default String datasetName(String pathNameOrId) {
        return rawDataset(pathNameOrId).getFileName().toString();
    }

    /** {@code nnUNet_preprocessed/<dataset name>}. */
    default Path preprocessedDataset(String pathNameOrId) {
        return preprocessed().resolve(datasetName(pathNameOrId));
    }

    /**
     * {@code nnUNet_results/<dataset name>/<trainer>__<plans>__<configuration>}. A dataset that raw does not hold is
     * looked for in the results folder by name or id, as nnU-Net's {@code maybe_convert_to_dataset_name} does: a
     * model installed from a zip is used without its training data.
     *
     * @throws IllegalArgumentException as {@link #rawDataset} when neither raw nor results has the dataset
     */
    default Path modelFolder(String pathNameOrId, ModelName model) {
        String name;
        try {
            name = datasetName(pathNameOrId);
        } catch (IllegalArgumentException notInRaw) {
            name = resultsDatasetName(pathNameOrId).orElseThrow(() -> notInRaw);
        }
        return results().resolve(name).resolve(model.toString());
    }

    /** The dataset folder of the results folder a full name or an id names, when exactly one does. */
    private Optional<String> resultsDatasetName(String nameOrId) {
        String query = nameOrId == null ? "" : nameOrId.strip();
        Predicate<String> matches;
        if (DATASET_FOLDER.matcher(query).matches()) {
            matches = query::equals;
        } else if (query.matches("\\d{1,9}")) {
            String prefix = String.format(Locale.ROOT, "Dataset%03d_", Integer.parseInt(query));
            matches = n -> n.startsWith(prefix);
        } else {
            return Optional.empty();
        }
        if (!Files.isDirectory(results())) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(results())) {
            List<String> found = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> DATASET_FOLDER.matcher(n).matches()).filter(matches).toList();
            return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** {@code <model folder>/fold_<fold>} ({@code fold_all} for fold {@code all}). */
    static Path foldFolder(Path modelFolder, String fold) {
        return modelFolder.resolve("fold_" + fold);
    }

    /** The fold of a {@code fold_X} folder, or {@code null} when the name is not one. */
    static String fold(Path foldFolder) {
        String name = foldFolder.getFileName().toString();
        return name.startsWith("fold_") && name.length() > 5 ? name.substring(5) : null;
    }

    /** The final validation's predictions and {@code summary.json} of a fold: {@code fold_X/validation}. */
    static Path validationFolder(Path foldFolder) {
        return foldFolder.resolve("validation");
    }

    /** {@code <preprocessed dataset>/splits_final.json}. */
    static Path splitsFile(Path preprocessedDataset) {
        return preprocessedDataset.resolve(SPLITS_FILE);
    }
}
