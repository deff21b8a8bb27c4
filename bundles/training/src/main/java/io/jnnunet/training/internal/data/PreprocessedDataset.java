package io.jnnunet.training.internal.data;

import io.jnnunet.api.CaseProperties;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.formats.NpyArrays;
import io.jnnunet.formats.PreprocessedCaseFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cases of one configuration's preprocessed folder, nnU-Net's {@code nnUNetDataset}: each case's image and
 * segmentation are memory-mapped on first use (patches are read from the mapping, never whole cases) and its class
 * locations kept in a compact form. Safe for concurrent use by the loader threads.
 */
final class PreprocessedDataset {

    /**
     * One case: the image {@code (c, x, y, z)} and segmentation {@code (1, x, y, z)} mappings (read only with absolute
     * gets, so threads can share them) and per class-location key the sampled voxels as {@code x, y, z} triples.
     */
    record CaseData(String id, int[] shape, FloatBuffer data, ShortBuffer seg, Map<String, int[]> classLocations) {

        int channels() {
            return shape[0];
        }

        int[] spatialShape() {
            return Arrays.copyOfRange(shape, 1, shape.length);
        }
    }

    private final Path folder;
    private final NnunetJson json = new NnunetJson();
    private final Map<String, CaseData> cases = new ConcurrentHashMap<>();

    PreprocessedDataset(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /** The case, mapped and parsed on first use. */
    CaseData load(String caseId) {
        return cases.computeIfAbsent(caseId, id -> {
            try {
                return read(id);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private CaseData read(String caseId) throws IOException {
        PreprocessedCaseFiles files = PreprocessedCaseFiles.of(folder, caseId);
        NpyArrays.MappedFloat32 data = NpyArrays.mapFloat32(files.data());
        NpyArrays.MappedInt16 seg = NpyArrays.mapInt16(files.seg());
        int[] shape = data.shape();
        if (shape.length != 4 || seg.shape().length != 4 || seg.shape()[0] != 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, 4), Arrays.copyOfRange(seg.shape(), 1, 4))) {
            throw new IOException("case " + caseId + " in " + folder + ": image " + Arrays.toString(shape)
                    + " and segmentation " + Arrays.toString(seg.shape())
                    + " must be (c, x, y, z) and (1, x, y, z) of the same x, y, z");
        }
        CaseProperties properties = json.read(files.properties(), CaseProperties.class);
        Map<String, int[]> locations = new LinkedHashMap<>();
        if (properties.classLocations() != null) {
            properties.classLocations().forEach((key, voxels) -> locations.put(key, flatten(caseId, key, voxels)));
        }
        return new CaseData(caseId, shape, data.data(), seg.data(), locations);
    }

    /** {@code (k, 4)} rows {@code (0, x, y, z)} to {@code 3k} values {@code x, y, z}. */
    private static int[] flatten(String caseId, String key, int[][] voxels) {
        int[] flat = new int[voxels.length * 3];
        for (int i = 0; i < voxels.length; i++) {
            if (voxels[i].length != 4) {
                throw new IllegalArgumentException("case " + caseId + ": class_locations[" + key
                        + "] must hold (0, x, y, z) rows, found " + Arrays.toString(voxels[i]));
            }
            System.arraycopy(voxels[i], 1, flat, i * 3, 3);
        }
        return flat;
    }
}
