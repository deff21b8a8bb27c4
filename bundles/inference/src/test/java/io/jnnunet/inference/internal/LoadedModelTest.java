package io.jnnunet.inference.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import ai.djl.ndarray.NDArray;
import io.jnnunet.api.ImageVolume;
import io.jnnunet.api.LoadedModel;
import io.jnnunet.api.ObjectScale;
import io.jnnunet.api.PredictionRequest;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.SingleImageOptions;
import io.jnnunet.io.internal.PngImageIo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A loaded model predicts single images as the folder prediction does, bit for bit: the reference model trained by
 * the original nnU-Net (../shared/reference/nnunet-model, its fold_0/checkpoint_final.pth as it is) on two BBBC039
 * test images.
 */
public class LoadedModelTest {

    static final Path SHARED = Path.of(System.getProperty("user.dir")).resolve("../../../shared")
            .normalize();
    static final Path REFERENCE = SHARED.resolve("reference/nnunet-model");
    static final Path MODEL = REFERENCE.resolve(
            "nnUNet_results/Dataset001_Cells/nnUNetTrainer_interop__nnUNetPlans_small__2d");
    private static final List<String> CASES = List.of("BBBC039_100", "BBBC039_101");
    private static final String RECIPE = "connected-components";
    /** The reference plan's network: 2,092,842 float32 parameters. */
    private static final long PARAMETER_BYTES = 2_092_842L * 4;

    @ClassRule
    public static final TemporaryFolder TEMP = new TemporaryFolder();

    private static final PngImageIo PNG = new PngImageIo();
    private static NnunetPredictor predictor;
    private static final Path model = MODEL;

    @BeforeClass
    public static void makeThePredictor() throws Exception {
        assumeTrue("needs ../shared", Files.isDirectory(MODEL) && Files.isDirectory(SHARED.resolve("data/cells")));
        predictor = TestComponents.predictor(PNG);
    }

    private static Path image(String id) {
        return SHARED.resolve("data/cells/imagesTs/" + id + "_0000.png");
    }

    /**
     * The folder prediction ({@code nnunet:predict}) of a folder of these images into {@code name}, fold 0, no
     * mirroring.
     */
    private static Path predictFolder(String name, List<String> cases, String recipe, ObjectScale scale)
            throws Exception {
        Path input = Files.createDirectories(TEMP.getRoot().toPath().resolve(name + "-images"));
        for (String id : cases) {
            Files.copy(image(id), input.resolve(id + "_0000.png"));
        }
        Path output = TEMP.getRoot().toPath().resolve(name);
        predictor.predict(new PredictionRequest(input, output, model, List.of("0"), null, false, false, 0.5, null,
                recipe, false, 1, scale, null, null), ProgressListener.NONE);
        return output;
    }

    private static void assertSameVoxels(String what, ImageVolume expected, ImageVolume actual) {
        assertArrayEquals(what, expected.shape(), actual.shape());
        assertArrayEquals(what, expected.spacing(), actual.spacing(), 0);
        assertEquals(what, 1, actual.channelCount());
        assertArrayEquals(what, expected.channel(0), actual.channel(0), 0);
    }

    private static int max(ImageVolume volume) {
        float max = 0;
        for (float v : volume.channel(0)) {
            max = Math.max(max, v);
        }
        return (int) max;
    }

    @Test
    public void singleImagesAreSegmentedAsTheFolderPredictionWritesThemAndAsNnunetDid() throws Exception {
        Path folder = predictFolder("semantic", CASES, null, null);
        SingleImageOptions options = new SingleImageOptions(false, null, 0.5, null);
        ImageVolume image = PNG.readImages(List.of(image(CASES.get(0))));
        long load = System.nanoTime();
        try (LoadedModel loaded = predictor.load(model, List.of("0"), null, null, ProgressListener.NONE)) {
            long start = System.nanoTime();
            ImageVolume first = loaded.predict(image, options, ProgressListener.NONE);
            long middle = System.nanoTime();
            ImageVolume second = loaded.predict(image, options, ProgressListener.NONE);
            long end = System.nanoTime();
            // and on another thread, as a server's request threads share the model
            ExecutorService thread = Executors.newSingleThreadExecutor();
            ImageVolume third;
            try {
                third = thread.submit(() -> loaded.predict(image, options, ProgressListener.NONE)).get();
            } finally {
                thread.shutdown();
            }
            System.out.printf(Locale.ROOT, "loading the model %.2f s; %s on it: first prediction %.2f s, second %.2f"
                    + " s, on another thread %.2f s%n", (start - load) / 1e9, CASES.get(0), (middle - start) / 1e9,
                    (end - middle) / 1e9, (System.nanoTime() - end) / 1e9);
            assertSameVoxels("predicted again", first, second);
            assertSameVoxels("predicted on another thread", first, third);
            for (String id : CASES) {
                ImageVolume segmentation = id.equals(CASES.get(0)) ? first
                        : loaded.predict(PNG.readImages(List.of(image(id))), options, ProgressListener.NONE);
                assertSameVoxels(id, PNG.readSegmentation(folder.resolve(id + ".png")), segmentation);
                assertEquals(id + ": background and cells", 1, max(segmentation));
                // and it is the trained model: nnU-Net's own mask
                assertNnunetsMask(id, "pred_notta_shared5", segmentation);
            }
            ImageVolume mirrored = loaded.predict(image, new SingleImageOptions(true, null, 0.5, null),
                    ProgressListener.NONE);
            assertNnunetsMask(CASES.get(0) + " mirrored", "pred_tta_shared5", mirrored);
            assertTrue("mirroring changes the mask", differing(first, mirrored) > 0);
        }
    }

    /** nnU-Net's mask for the image but for near-ties (network arithmetic of another torch build). */
    private static void assertNnunetsMask(String id, String folder, ImageVolume mask) throws Exception {
        ImageVolume nnunet = PNG.readSegmentation(REFERENCE.resolve(folder + "/" + id.split(" ")[0] + ".png"));
        int differ = differing(nnunet, mask);
        System.out.printf(Locale.ROOT, "%s: %d of %d pixels differ from nnU-Net's mask (%s)%n", id, differ,
                nnunet.voxelCount(), folder);
        assertTrue(id + ": " + differ + " pixels differ from nnU-Net's mask", differ < nnunet.voxelCount() / 1000);
    }

    private static int differing(ImageVolume a, ImageVolume b) {
        int differ = 0;
        for (int i = 0; i < a.channel(0).length; i++) {
            differ += a.channel(0)[i] == b.channel(0)[i] ? 0 : 1;
        }
        return differ;
    }

    @Test
    public void instancesAreDecodedAsTheFolderPredictionWritesThemAtNativeAndZoomedScale() throws Exception {
        // one image at native scale; the other with objects of 30 px seen by a network trained on 15 px: predicted
        // at half size and the ids taken back to its grid
        String nativeCase = CASES.get(0);
        String zoomedCase = CASES.get(1);
        ObjectScale scale = new ObjectScale(30.0, 15, null);
        Path nativeFolder = predictFolder("instances", List.of(nativeCase), RECIPE, null);
        Path zoomedFolder = predictFolder("instances-zoomed", List.of(zoomedCase), RECIPE, scale);
        try (LoadedModel loaded = predictor.load(model, List.of("0"), "checkpoint_final", "cpu",
                ProgressListener.NONE)) {
            ImageVolume instances = loaded.predict(PNG.readImages(List.of(image(nativeCase))),
                    new SingleImageOptions(false, RECIPE, 0.5, null), ProgressListener.NONE);
            assertSameVoxels(nativeCase, PNG.readSegmentation(nativeFolder.resolve(nativeCase + ".png")), instances);
            assertTrue(nativeCase + ": " + max(instances) + " objects", max(instances) > 50);
            ImageVolume zoomed = loaded.predict(PNG.readImages(List.of(image(zoomedCase))),
                    new SingleImageOptions(false, RECIPE, 0.5, scale), ProgressListener.NONE);
            assertSameVoxels(zoomedCase + " zoomed", PNG.readSegmentation(zoomedFolder.resolve(zoomedCase + ".png")),
                    zoomed);
            assertTrue(zoomedCase + ": " + max(zoomed) + " objects zoomed", max(zoomed) > 20);
        }
    }

    @Test
    public void aLoadedModelTellsWhatItHoldsAndFreesItOnClose() throws Exception {
        LoadedModel loaded = predictor.load(model, List.of(), null, null, ProgressListener.NONE);
        assertEquals(model, loaded.modelFolder());
        assertEquals(List.of("0"), loaded.folds());
        assertEquals(".png", loaded.dataset().fileEnding());
        assertEquals(PARAMETER_BYTES, loaded.bytes());
        ImageVolume image = PNG.readImages(List.of(image(CASES.get(0))));
        ImageVolume twoChannels = new ImageVolume(image.shape(), image.spacing(), image.sampleType(),
                new float[][] {image.channel(0), image.channel(0)});
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                () -> loaded.predict(twoChannels, SingleImageOptions.defaults(), ProgressListener.NONE));
        assertEquals("the image has 2 channel(s); the model " + model + " was trained on 1", channels.getMessage());
        IllegalArgumentException recipe = assertThrows(IllegalArgumentException.class, () -> loaded.predict(image,
                new SingleImageOptions(false, "no-such-recipe", 0.5, null), ProgressListener.NONE));
        assertEquals("no instance recipe 'no-such-recipe' is installed; installed: [" + RECIPE + "]",
                recipe.getMessage());

        NDArray weight = ((NnunetLoadedModel) loaded).networks().get(0).network().getParameters().get(0).getValue()
                .getArray();
        assertFalse(weight.isReleased());
        loaded.close();
        assertTrue("the parameters are freed", weight.isReleased());
        loaded.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> loaded.predict(image, SingleImageOptions.defaults(), ProgressListener.NONE));
        assertEquals("the model " + model + " (folds [0]) was closed: load it again to predict", closed.getMessage());
    }
}
