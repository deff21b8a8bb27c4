package io.jnnunet.inference.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnnunet.api.CaseProperties;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.Plans;
import io.jnnunet.io.internal.ImageIoRegistryComponent;
import io.jnnunet.io.internal.NnunetDatasetReader;
import io.jnnunet.io.internal.PngImageIo;
import io.jnnunet.formats.NpyArrays;
import io.jnnunet.preprocessing.internal.DefaultPreprocessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Export of logits: argmax, un-crop into the full image, transpose back, probabilities in the original geometry. */
public class PredictionExportTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final PngImageIo png = new PngImageIo();

    @Test
    public void labelsAndProbabilitiesLandWhereTheCropBoxWasInTheOriginalAxisOrder() throws Exception {
        // the case was transposed (y and z swapped) to (1, 6, 4) and cropped to the box y 1..5, z 1..3: (1, 4, 2)
        int[] full = {1, 6, 4};
        int[][] box = {{0, 1}, {1, 5}, {1, 3}};
        int[] cropped = {1, 4, 2};
        float[][] logits = new float[3][8];
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 2; b++) {
                logits[(a + b) % 3][a * 2 + b] = 5;
            }
        }
        CaseProperties properties = new CaseProperties(new double[] {999, 1, 1}, full, box, cropped, null);
        PredictionExport export = new PredictionExport(new DefaultPreprocessor(new NnunetDatasetReader(),
                ImageIoRegistryComponent.of(png), List.of()), swappedAxesPlans(), "2d", png, null, Map.of());
        Path file = temp.getRoot().toPath().resolve("case.png");

        List<Path> written = export.write(logits, cropped, properties, file, "case", true, false);

        assertEquals(List.of(file, file.resolveSibling("case.npz"), file.resolveSibling("case.json")), written);
        ImageVolume labels = png.readSegmentation(file);
        assertArrayEquals(new int[] {1, 4, 6}, labels.shape());
        for (int p = 0; p < 4; p++) {
            for (int q = 0; q < 6; q++) {
                // original (p, q) is transposed (q, p)
                boolean inside = q >= 1 && q < 5 && p >= 1 && p < 3;
                float expected = inside ? (q - 1 + p - 1) % 3 : 0;
                assertEquals("(" + p + ", " + q + ")", expected, labels.channel(0)[p * 6 + q], 0);
            }
        }
        Path npy = temp.getRoot().toPath().resolve("probabilities.npy");
        try (ZipFile zip = new ZipFile(file.resolveSibling("case.npz").toFile())) {
            Files.copy(zip.getInputStream(zip.getEntry("probabilities.npy")), npy);
        }
        NpyArrays.Float32Array probabilities = NpyArrays.readFloat32(npy);
        assertArrayEquals(new int[] {3, 1, 4, 6}, probabilities.shape());
        for (int p = 0; p < 4; p++) {
            for (int q = 0; q < 6; q++) {
                int i = p * 6 + q;
                float[] voxel = {probabilities.data()[i], probabilities.data()[24 + i], probabilities.data()[48 + i]};
                assertEquals(1, voxel[0] + voxel[1] + voxel[2], 1e-6);
                if (q >= 1 && q < 5 && p >= 1 && p < 3) {
                    // softmax of logits 5, 0, 0
                    assertEquals(Math.exp(5) / (Math.exp(5) + 2), voxel[(int) labels.channel(0)[i]], 1e-6);
                } else {
                    assertArrayEquals(new float[] {1, 0, 0}, voxel, 0);
                }
            }
        }
    }

    /** The test plans with nnU-Net's transposition of the last two axes. */
    private static Plans swappedAxesPlans() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode plans = (ObjectNode) mapper.readTree(PredictionExportTest.class.getResource("/tiny_plans.json"));
        plans.set("transpose_forward", mapper.createArrayNode().add(0).add(2).add(1));
        plans.set("transpose_backward", mapper.createArrayNode().add(0).add(2).add(1));
        return mapper.treeToValue(plans, Plans.class);
    }
}
