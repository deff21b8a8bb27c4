package io.jnnunet.inference.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.jnnunet.api.Plans;
import io.jnnunet.network.TrainedNetwork;
import io.jnnunet.architectures.internal.PlainConvUNetArchitecture;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.Precision;
import io.jnnunet.djl.NoGrad;
import io.jnnunet.formats.Float16;
import io.jnnunet.formats.NnunetJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The sliding window against the network run by hand, on a real (randomly initialised) PlainConvUNet. */
public class SlidingWindowPredictorTest {

    private static ComputeEngine engine;
    private static NDManager manager;
    private static TrainedNetwork network;

    @BeforeClass
    public static void buildNetwork() throws Exception {
        engine = TestComponents.engine();
        manager = engine.newManager();
        Plans plans = new NnunetJson().read(Path.of(SlidingWindowPredictorTest.class.getResource("/tiny_plans.json")
                .toURI()), Plans.class);
        Block block = new PlainConvUNetArchitecture().build(plans.configuration("2d").architecture(), 1, 3, false);
        block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 32, 48));
        network = new TrainedNetwork(block, "nnUNetTrainer", plans, "2d", null, 1, 3, new int[] {0, 1});
    }

    @AfterClass
    public static void close() {
        manager.close();
    }

    @Test
    public void anImageOfTheTileSizeGivesTheNetworksLogits() {
        float[] image = random(32 * 48, 1);
        SlidingWindowPredictor window = new SlidingWindowPredictor(List.of(network), manager, false, 0.5,
                engine, Precision.FP32);
        float[][] logits = window.predict(new float[][] {image}, new int[] {1, 32, 48}, done -> { }, () -> false);
        assertNnunetsQuotient(forward(image, new Shape(1, 1, 32, 48), null), logits);
    }

    /**
     * One tile covering the image: nnU-Net's float16 sum of the weighted logits divided by the float16 sum of the
     * weights, {@code round(round(logit * g) / g)} for the Gaussian {@code g}, to the float16 arithmetic's own
     * resolution: a float16 step of the product (over {@code g}) and one of the quotient, where the network's float32
     * logits differ in their last bits between batch sizes (near the tile's border, where {@code g} is about 1e-6,
     * the products are float16 subnormals, in nnU-Net too).
     */
    private static void assertNnunetsQuotient(float[] tileLogits, float[][] logits) {
        float[] gaussian = GaussianImportanceMap.of(new int[] {32, 48});
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 32 * 48; i++) {
                float g = gaussian[i];
                float expected = Float16.round(Float16.round(tileLogits[c * 32 * 48 + i] * g) / g);
                float resolution = Math.abs(expected) * 0x1p-9f + 0x1p-24f / g + 1e-5f;
                assertEquals(expected, logits[c][i], resolution);
            }
        }
    }

    @Test
    public void mirroringAveragesTheFlippedPassesFlippedBack() {
        float[] image = random(32 * 48, 2);
        SlidingWindowPredictor window = new SlidingWindowPredictor(List.of(network), manager, true, 0.5,
                engine, Precision.FP32);
        assertEquals(4, window.mirrorCount());
        float[][] logits = window.predict(new float[][] {image}, new int[] {1, 32, 48}, done -> { }, () -> false);
        float[] mean = new float[3 * 32 * 48];
        for (int[] axes : new int[][] {{}, {2}, {3}, {2, 3}}) {
            float[] out = forward(image, new Shape(1, 1, 32, 48), axes);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += out[i] / 4;
            }
        }
        assertNnunetsQuotient(mean, logits);
    }

    @Test
    public void foldsAreAveragedInFloat16AsNnunetSumsThem() {
        Block block = new PlainConvUNetArchitecture().build(network.plans().configuration("2d").architecture(), 1, 3,
                false);
        block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 32, 48));
        TrainedNetwork other = new TrainedNetwork(block, "nnUNetTrainer", network.plans(), "2d", null, 1, 3,
                new int[] {0, 1});
        float[][] image = {random(40 * 60, 8)};
        int[] shape = {1, 40, 60};
        float[][] first = new SlidingWindowPredictor(List.of(network), manager, false, 0.5,
                engine, Precision.FP32)
                .predict(image, shape, d -> { }, () -> false);
        float[][] second = new SlidingWindowPredictor(List.of(other), manager, false, 0.5,
                engine, Precision.FP32)
                .predict(image, shape, d -> { }, () -> false);
        SlidingWindowPredictor both = new SlidingWindowPredictor(List.of(network, other), manager, false, 0.5,
                engine, Precision.FP32);
        List<Long> progress = new java.util.ArrayList<>();
        float[][] averaged = both.predict(image, shape, progress::add, () -> false);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < first[c].length; i++) {
                assertEquals(Float16.round(Float16.round(first[c][i] + second[c][i]) / 2), averaged[c][i], 0);
            }
        }
        // each fold's tiles in turn
        assertEquals(both.tilePasses(shape), (long) progress.get(progress.size() - 1));
        assertEquals(2 * both.tileCount(shape), both.tilePasses(shape));
    }

    @Test
    public void largerAndSmallerImagesAreTiledOrPaddedToTheirOwnShape() {
        SlidingWindowPredictor window = new SlidingWindowPredictor(List.of(network), manager, false, 0.5,
                engine, Precision.FP32);
        // 2 slices of 70 x 100: 4 x 4 tiles each; a 20 x 30 slice is padded into one tile
        assertEquals(2 * 4 * 4, window.tileCount(new int[] {2, 70, 100}));
        float[][] big = window.predict(new float[][] {random(2 * 70 * 100, 3)}, new int[] {2, 70, 100}, d -> { },
                () -> false);
        assertEquals(3, big.length);
        assertEquals(2 * 70 * 100, big[0].length);
        float[][] small = window.predict(new float[][] {random(20 * 30, 4)}, new int[] {1, 20, 30}, d -> { },
                () -> false);
        assertEquals(20 * 30, small[0].length);
        // a slice is predicted on its own: the second slice alone gives the same logits
        float[] second = new float[70 * 100];
        float[] both = random(2 * 70 * 100, 3);
        System.arraycopy(both, 70 * 100, second, 0, second.length);
        float[][] alone = window.predict(new float[][] {second}, new int[] {1, 70, 100}, d -> { }, () -> false);
        float[] tail = new float[70 * 100];
        System.arraycopy(big[1], 70 * 100, tail, 0, tail.length);
        assertArrayEquals(alone[1], tail, 1e-5f);
    }

    @Test
    public void passesLeaveNoArraysBehind() {
        SlidingWindowPredictor window = new SlidingWindowPredictor(List.of(network), manager, true, 0.5,
                engine, Precision.FP32);
        window.predict(new float[][] {random(40 * 60, 6)}, new int[] {1, 40, 60}, d -> { }, () -> false);
        int before = manager.getManagedArrays().size();
        window.predict(new float[][] {random(70 * 100, 7)}, new int[] {1, 70, 100}, d -> { }, () -> false);
        window.secondsPerPass();
        assertEquals(before, manager.getManagedArrays().size());
    }

    @Test
    public void cancellingStopsBetweenTiles() {
        SlidingWindowPredictor window = new SlidingWindowPredictor(List.of(network), manager, false, 0.5,
                engine, Precision.FP32);
        assertNull(window.predict(new float[][] {random(70 * 100, 5)}, new int[] {1, 70, 100}, d -> { },
                () -> true));
    }

    /** The network on one image, the input flipped along {@code axes} and the output flipped back. */
    private static float[] forward(float[] image, Shape shape, int[] axes) {
        try (NoGrad noGrad = NoGrad.enter(); NDManager scope = manager.newSubManager()) {
            NDArray input = scope.create(image, shape);
            if (axes != null && axes.length > 0) {
                input = input.flip(axes);
            }
            NDArray out = network.network().forward(new ParameterStore(scope, false), new NDList(input), false)
                    .get(0);
            if (axes != null && axes.length > 0) {
                out = out.flip(axes);
            }
            return out.toFloatArray();
        }
    }

    private static float[] random(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
