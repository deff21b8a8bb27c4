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
import io.jnnunet.djl.NoGrad;
import io.jnnunet.formats.NnunetJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The sliding window against the network run by hand, on a real (randomly initialised) PlainConvUNet. */
public class SlidingWindowPredictorTest {

    private static NDManager manager;
    private static TrainedNetwork network;

    @BeforeClass
    public static void buildNetwork() throws Exception {
        ComputeEngine engine = TestComponents.engine();
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
        SlidingWindowPredictor window = new SlidingWindowPredictor(List.of(network), manager, false, 0.5);
        float[][] logits = window.predict(new float[][] {image}, new int[] {1, 32, 48}, done -> { }, () -> false);
        float[] expected = forward(image, new Shape(1, 1, 32, 48), null);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 32 * 48; i++) {
                assertEquals(expected[c * 32 * 48 + i], logits[c][i], 1e-4f);
            }
        }
    }

    @Test
    public void mirroringAveragesTheFlippedPassesFlippedBack() {
        float[] image = random(32 * 48, 2);
        SlidingWindowPredictor window = new SlidingWindowPredictor(List.of(network), manager, true, 0.5);
        assertEquals(4, window.mirrorCount());
        float[][] logits = window.predict(new float[][] {image}, new int[] {1, 32, 48}, done -> { }, () -> false);
        float[] sum = new float[3 * 32 * 48];
        for (int[] axes : new int[][] {{}, {2}, {3}, {2, 3}}) {
            float[] out = forward(image, new Shape(1, 1, 32, 48), axes);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += out[i] / 4;
            }
        }
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 32 * 48; i++) {
                assertEquals(sum[c * 32 * 48 + i], logits[c][i], 1e-4f);
            }
        }
    }

    @Test
    public void largerAndSmallerImagesAreTiledOrPaddedToTheirOwnShape() {
        SlidingWindowPredictor window = new SlidingWindowPredictor(List.of(network), manager, false, 0.5);
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
        SlidingWindowPredictor window = new SlidingWindowPredictor(List.of(network), manager, true, 0.5);
        window.predict(new float[][] {random(40 * 60, 6)}, new int[] {1, 40, 60}, d -> { }, () -> false);
        int before = manager.getManagedArrays().size();
        window.predict(new float[][] {random(70 * 100, 7)}, new int[] {1, 70, 100}, d -> { }, () -> false);
        window.secondsPerPass();
        assertEquals(before, manager.getManagedArrays().size());
    }

    @Test
    public void cancellingStopsBetweenTiles() {
        SlidingWindowPredictor window = new SlidingWindowPredictor(List.of(network), manager, false, 0.5);
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
