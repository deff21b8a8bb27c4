package io.jnnunet.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of one preprocessed case in {@code nnUNet_preprocessed/DatasetXXX/<data_identifier>/}, where nnU-Net keeps
 * {@code {case}.b2nd}, {@code {case}_seg.b2nd} and {@code {case}.pkl}:
 *
 * <ul>
 *   <li>{@code {case}.npy}: the image, float32 {@code (c, x, y, z)} in the transposed, cropped, normalised and
 *       resampled grid ({@link NpyArrays}, little-endian, C order, {@code .npy} version 1.0);</li>
 *   <li>{@code {case}_seg.npy}: the segmentation, int16 {@code (1, x, y, z)}: {@code -1} outside the non-zero region,
 *       {@code 0} background, else the label;</li>
 *   <li>{@code {case}.json}: the case's {@link io.jnnunet.api.CaseProperties} (nnU-Net's properties, with the
 *       sampled foreground locations).</li>
 * </ul>
 */
public record PreprocessedCaseFiles(Path data, Path seg, Path properties) {

    public static PreprocessedCaseFiles of(Path folder, String caseId) {
        return new PreprocessedCaseFiles(folder.resolve(caseId + ".npy"), folder.resolve(caseId + "_seg.npy"),
                folder.resolve(caseId + ".json"));
    }

    /** nnU-Net's {@code get_case_identifiers}: every {@code {case}.npy} that is not a {@code _seg.npy}, sorted. */
    public static List<String> caseIdentifiers(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("no preprocessed data at " + folder
                    + " (run the preprocessing of this configuration)");
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".npy") && !name.endsWith("_seg.npy"))
                    .map(name -> name.substring(0, name.length() - ".npy".length()))
                    .sorted()
                    .toList();
        }
    }
}
