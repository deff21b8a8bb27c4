package io.jnnunet.inference.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.PredictionRequest;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.NnunetJson;
import io.jnnunet.formats.NpyArrays;
import io.jnnunet.io.internal.PngImageIo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A model folder trained by the original nnU-Net (../shared/reference/nnunet-model: nnU-Net v2.8.1, trainer
 * nnUNetTrainer_interop, plans nnUNetPlans_small, fold_0/checkpoint_final.pth) used as it is, with nnU-Net's own
 * flags: its five test images predict nnU-Net's probabilities and masks, with and without mirroring.
 */
public class NnunetTrainedModelTest {

    private static final Path SHARED = LoadedModelTest.SHARED;
    private static final Path REFERENCE = LoadedModelTest.REFERENCE;
    /** nnUNet_results/Dataset001_Cells/nnUNetTrainer_interop__nnUNetPlans_small__2d. */
    private static final Path MODEL = LoadedModelTest.MODEL;
    private static final List<String> CASES = List.of("BBBC039_100", "BBBC039_101", "BBBC039_102", "BBBC039_103",
            "BBBC039_104");
    /** The bounds: probabilities within 1e-3, at most 0.1 % of the pixels on the other side. */
    private static final double PROBABILITY_TOLERANCE = 1e-3;
    private static final double PIXEL_SHARE = 1e-3;

    @ClassRule
    public static final TemporaryFolder TEMP = new TemporaryFolder();

    private static final PngImageIo PNG = new PngImageIo();
    private static NnunetPredictor predictor;
    private static Path input;

    @BeforeClass
    public static void copyTheImages() throws Exception {
        assumeTrue("needs ../shared", Files.isDirectory(MODEL) && Files.isDirectory(SHARED.resolve("data/cells")));
        input = TEMP.newFolder("imagesTs").toPath();
        for (String id : CASES) {
            Files.copy(SHARED.resolve("data/cells/imagesTs/" + id + "_0000.png"), input.resolve(id + "_0000.png"));
        }
        predictor = TestComponents.predictor(PNG);
    }

    @Test
    public void withMirroringItPredictsNnunetsProbabilitiesAndMasks() throws Exception {
        predictsAsNnunet("pred_tta_shared5", true);
    }

    @Test
    public void withoutMirroringItPredictsNnunetsProbabilitiesAndMasks() throws Exception {
        predictsAsNnunet("pred_notta_shared5", false);
    }

    /** {@code nnUNetv2_predict ... -tr nnUNetTrainer_interop -p nnUNetPlans_small -f 0 -chk checkpoint_final.pth}. */
    private static void predictsAsNnunet(String nnunetFolder, boolean mirroring) throws Exception {
        Path output = TEMP.getRoot().toPath().resolve(nnunetFolder);
        predictor.predict(new PredictionRequest(input, output, MODEL, List.of("0"), "checkpoint_final.pth", true,
                mirroring, 0.5, null, null, false, 1, null, null, null), ProgressListener.NONE);
        Map<?, ?> args = new NnunetJson().read(output.resolve("predict_from_raw_data_args.json"), Map.class);
        assertEquals("checkpoint_final.pth", args.get("checkpoint_name"));
        Path nnunet = REFERENCE.resolve(nnunetFolder);
        for (String id : CASES) {
            NpyArrays.Float32Array expected = probabilities(nnunet.resolve(id + ".npz"));
            NpyArrays.Float32Array actual = probabilities(output.resolve(id + ".npz"));
            assertArrayEquals(id, expected.shape(), actual.shape());
            double maxDifference = 0;
            for (int i = 0; i < expected.data().length; i++) {
                maxDifference = Math.max(maxDifference, Math.abs(expected.data()[i] - actual.data()[i]));
            }
            ImageVolume nnunetMask = PNG.readSegmentation(nnunet.resolve(id + ".png"));
            ImageVolume mask = PNG.readSegmentation(output.resolve(id + ".png"));
            int differ = 0;
            for (int i = 0; i < mask.voxelCount(); i++) {
                differ += nnunetMask.channel(0)[i] == mask.channel(0)[i] ? 0 : 1;
            }
            System.out.printf(Locale.ROOT, "%s %s: probabilities max |jnnunet - nnU-Net| %.2e, %d of %d pixels"
                    + " differ from nnU-Net's mask%n", id, mirroring ? "mirrored" : "not mirrored", maxDifference,
                    differ, mask.voxelCount());
            assertTrue(id + ": probabilities differ by " + maxDifference, maxDifference <= PROBABILITY_TOLERANCE);
            assertTrue(id + ": " + differ + " pixels differ", differ <= PIXEL_SHARE * mask.voxelCount());
        }
    }

    /** The {@code probabilities} of an {@code .npz} (nnU-Net's are compressed). */
    private static NpyArrays.Float32Array probabilities(Path npz) throws IOException {
        Path npy = Files.createTempFile(TEMP.getRoot().toPath(), "probabilities", ".npy");
        try (ZipFile zip = new ZipFile(npz.toFile()); InputStream in = zip.getInputStream(
                zip.getEntry("probabilities.npy"))) {
            Files.copy(in, npy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            return NpyArrays.readFloat32(npy);
        } finally {
            Files.delete(npy);
        }
    }
}
