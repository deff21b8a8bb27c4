package io.jnnunet.preprocessing.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.CaseProperties;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.PreprocessedCase;
import io.jnnunet.io.internal.NnunetDatasetReader;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.formats.NpyArrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Assume;
import org.junit.Test;

/**
 * nnU-Net v2.8.1's own preprocessing of two cells (2d configuration), reproduced from the raw PNGs:
 * {@code src/test/resources/reference} holds BBBC039_000 (always run); BBBC039_050 is read from
 * {@code ../shared/reference/preprocessed_2d} when that folder is there.
 */
public class NnunetReferenceTest {

    private static final Path SAMPLE_CELLS = Path.of("../../sample-data/Dataset001_Cells");
    private static final Path SHARED_CELLS = Path.of("../../../shared/data/cells");
    private static final Path SHARED_REFERENCE = Path.of("../../../shared/reference/preprocessed_2d");
    /** float32 rounding of a z-score whose statistics are summed differently (numpy: pairwise in float32). */
    private static final double TOLERANCE = 1e-5;

    @Test
    public void reproducesNnunetsPreprocessingOfBBBC039_000() throws Exception {
        assertReproduced(SAMPLE_CELLS, "BBBC039_000", Path.of("src/test/resources/reference"));
    }

    @Test
    public void reproducesNnunetsPreprocessingOfBBBC039_050() throws Exception {
        Assume.assumeTrue("needs ../shared", Files.isDirectory(SHARED_REFERENCE) && Files.isDirectory(SHARED_CELLS));
        assertReproduced(SHARED_CELLS, "BBBC039_050", SHARED_REFERENCE);
    }

    private static void assertReproduced(Path dataset, String id, Path reference) throws IOException {
        PngImageIo png = new PngImageIo();
        ImageVolume image = png.readImages(List.of(dataset.resolve("imagesTr/" + id + "_0000.png")));
        ImageVolume seg = png.readSegmentation(dataset.resolve("labelsTr/" + id + ".png"));
        DatasetSpec spec = new NnunetDatasetReader().readDatasetJson(dataset);

        PreprocessedCase result = TestPlans.preprocessor()
                .preprocessCase(id, image, seg, TestPlans.cells2d(), TestPlans.CONFIGURATION, spec);

        NpyArrays.Float32Array data = NpyArrays.readFloat32(reference.resolve(id + "_data.npy"));
        NpyArrays.Int16Array expectedSeg = NpyArrays.readInt16(reference.resolve(id + "_seg.npy"));
        assertArrayEquals(new int[] {1, 1, 520, 696}, data.shape());
        assertArrayEquals(new int[] {1, 520, 696}, result.data().shape());
        float[] ours = result.data().channel(0);
        double maxDiff = 0;
        for (int i = 0; i < ours.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(ours[i] - data.data()[i]));
        }
        System.out.printf("%s: max |ours - nnU-Net| = %.3g%n", id, maxDiff);
        assertTrue(id + ": max difference " + maxDiff, maxDiff <= TOLERANCE);
        assertArrayEquals(expectedSeg.data(), result.seg());

        JsonNode expected = new ObjectMapper().readTree(reference.resolve(id + "_properties.json").toFile());
        CaseProperties properties = result.properties();
        assertArrayEquals(doubles(expected.get("spacing")), properties.spacing(), 0);
        assertArrayEquals(ints(expected.get("shape_before_cropping")), properties.shapeBeforeCropping());
        JsonNode bbox = expected.get("bbox_used_for_cropping");
        for (int axis = 0; axis < 3; axis++) {
            assertArrayEquals(ints(bbox.get(axis)), properties.bboxUsedForCropping()[axis]);
        }
        assertArrayEquals(ints(expected.get("shape_after_cropping_and_before_resampling")),
                properties.shapeAfterCroppingAndBeforeResampling());

        JsonNode locations = expected.get("class_locations_summary").get("1");
        int[][] ourLocations = properties.classLocations().get("1");
        assertEquals(locations.get("n_sampled_locations").asInt(), ourLocations.length);
        JsonNode first = locations.get("first_5");
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals("location " + i, ints(first.get(i)), ourLocations[i]);
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
