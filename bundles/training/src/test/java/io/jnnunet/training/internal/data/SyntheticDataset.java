package io.jnnunet.training.internal.data;

import io.jnnunet.api.CaseProperties;
import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.Plans;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.formats.NpyArrays;
import io.jnnunet.formats.PreprocessedCaseFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes small preprocessed datasets in the store's format ({@code .npy} + properties JSON) for the tests. */
final class SyntheticDataset {

    static final String DATA_IDENTIFIER = "nnUNetPlans_2d";

    private SyntheticDataset() {
    }

    /** Plans with one configuration {@code 2d} reading {@value #DATA_IDENTIFIER}. */
    static Plans plans() {
        ConfigurationPlan config = new ConfigurationPlan(null, DATA_IDENTIFIER, "DefaultPreprocessor", 2,
                new int[] {32, 32}, null, new double[] {1, 1}, List.of("ZScoreNormalization"), List.of(false),
                null, null, null, null, null, null, null, true, null, null, null);
        return new Plans("Dataset999_Test", "nnUNetPlans", null, null, null, new int[] {0, 1, 2},
                new int[] {0, 1, 2}, Map.of("2d", config), null, null, null, null);
    }

    /**
     * Writes a case of spatial shape {@code (x, y, z)}: image values from {@code image}, segmentation from
     * {@code seg}, class locations of label 1 = every voxel of label 1 (so forced patches always find it).
     */
    static void writeCase(Path preprocessed, String caseId, int[] shape, float[] image, short[] seg)
            throws IOException {
        Path folder = preprocessed.resolve(DATA_IDENTIFIER);
        Files.createDirectories(folder);
        PreprocessedCaseFiles files = PreprocessedCaseFiles.of(folder, caseId);
        NpyArrays.write(files.data(), new int[] {1, shape[0], shape[1], shape[2]}, image);
        NpyArrays.writeInt16(files.seg(), new int[] {1, shape[0], shape[1], shape[2]}, seg);
        List<int[]> locations = new ArrayList<>();
        for (int i = 0; i < seg.length; i++) {
            if (seg[i] == 1) {
                int z = i % shape[2];
                int y = i / shape[2] % shape[1];
                int x = i / (shape[1] * shape[2]);
                locations.add(new int[] {0, x, y, z});
            }
        }
        Map<String, int[][]> classLocations = new LinkedHashMap<>();
        classLocations.put("1", locations.toArray(int[][]::new));
        new NnunetJson().writeCompact(files.properties(), new CaseProperties(new double[] {999, 1, 1},
                shape.clone(), new int[][] {{0, shape[0]}, {0, shape[1]}, {0, shape[2]}}, shape.clone(),
                classLocations));
    }

    /** A case whose image is 1 everywhere and whose segmentation is 0 except a box of label 1. */
    static void writeBoxCase(Path preprocessed, String caseId, int[] shape, int[] boxFrom, int[] boxTo)
            throws IOException {
        int n = shape[0] * shape[1] * shape[2];
        float[] image = new float[n];
        short[] seg = new short[n];
        java.util.Arrays.fill(image, 1f);
        for (int x = boxFrom[0]; x < boxTo[0]; x++) {
            for (int y = boxFrom[1]; y < boxTo[1]; y++) {
                for (int z = boxFrom[2]; z < boxTo[2]; z++) {
                    seg[(x * shape[1] + y) * shape[2] + z] = 1;
                }
            }
        }
        writeCase(preprocessed, caseId, shape, image, seg);
    }
}
