package io.jnnunet.training.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.jnnunet.api.TrainerSettings;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class NnunetSgdTest {

    private static final TrainerSettings NNUNET = TrainerSettings.defaults();

    private NDManager manager;

    @Before
    public void openManager() {
        manager = Engine.getEngine("PyTorch").newBaseManager();
    }

    @After
    public void closeManager() {
        manager.close();
    }

    /** torch.optim.SGD(nesterov=True) written out in float64, over two steps with different gradients. */
    @Test
    public void twoStepsFollowTorchsNesterovSgdWithWeightDecay() {
        double[] w = {0.5, -1.25, 2.0};
        double[] g1 = {0.1, -0.3, 0.2};
        double[] g2 = {-0.4, 0.05, 0.3};
        NDArray weight = manager.create(toFloat(w));
        weight.setRequiresGradient(true);
        NnunetSgd sgd = new NnunetSgd(List.of(weight), NNUNET);
        double lr = 0.01;
        double mom = NNUNET.momentum();
        double wd = NNUNET.weightDecay();

        backward(weight, g1);
        sgd.step();
        double[] buf = new double[3];
        double[] expected = w.clone();
        for (int i = 0; i < 3; i++) {
            double d = g1[i] + wd * expected[i];
            buf[i] = d;
            expected[i] -= lr * (d + mom * buf[i]);
        }
        assertArrayEquals(toFloat(expected), weight.toFloatArray(), 1e-7f);

        sgd.setLearningRate(0.005);
        backward(weight, g2);
        sgd.step();
        for (int i = 0; i < 3; i++) {
            double d = g2[i] + wd * expected[i];
            buf[i] = mom * buf[i] + d;
            expected[i] -= 0.005 * (d + mom * buf[i]);
        }
        assertArrayEquals(toFloat(expected), weight.toFloatArray(), 1e-7f);
        assertArrayEquals(toFloat(buf), sgd.momentumBuffers()[0].toFloatArray(), 1e-7f);
    }

    @Test
    public void gradientsAboveNormTwelveAreScaledDownTogether() {
        NDArray a = manager.create(new float[] {30, 0});
        NDArray b = manager.create(new float[] {0, 40});
        double norm = NnunetSgd.clipGradientNorm(new NDList(a, b), 12);
        assertEquals(50, norm, 1e-4);
        float scale = (float) (12 / (50 + 1e-6));
        assertArrayEquals(new float[] {30 * scale, 0}, a.toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {0, 40 * scale}, b.toFloatArray(), 1e-5f);

        NDArray small = manager.create(new float[] {3, 4});
        assertEquals(5, NnunetSgd.clipGradientNorm(new NDList(small), 12), 1e-6);
        assertArrayEquals(new float[] {3, 4}, small.toFloatArray(), 0);
    }

    /** Gradients of a new backward pass replace the last ones: the step zeroes them, as torch's zero_grad does. */
    @Test
    public void eachStepUsesOnlyTheLatestGradient() {
        NDArray weight = manager.create(new float[] {1});
        weight.setRequiresGradient(true);
        NnunetSgd sgd = new NnunetSgd(List.of(weight), NNUNET);
        backward(weight, new double[] {1});
        sgd.step();
        float[] afterFirst = weight.toFloatArray();
        backward(weight, new double[] {0});
        sgd.step();
        double d = NNUNET.weightDecay() * afterFirst[0];
        double buf = NNUNET.momentum() * (1 + NNUNET.weightDecay()) + d;
        assertEquals(afterFirst[0] - 0.01 * (d + NNUNET.momentum() * buf), weight.toFloatArray()[0], 1e-7);
    }

    @Test
    public void weightsNoLossReachesAreLeftAlone() {
        NDArray used = manager.create(new float[] {1, 2});
        NDArray unused = manager.create(new float[] {3, 4});
        used.setRequiresGradient(true);
        unused.setRequiresGradient(true);
        NnunetSgd sgd = new NnunetSgd(List.of(used, unused), NNUNET);
        backward(used, new double[] {1, 1});
        sgd.step();
        assertArrayEquals(new float[] {3, 4}, unused.toFloatArray(), 0);
        assertNull(sgd.momentumBuffers()[1]);
    }

    @Test
    public void polyLearningRateMatchesNnunetsSchedule() {
        NnunetSgd sgd = new NnunetSgd(List.of(), NNUNET);
        assertEquals(0.01, sgd.polyLearningRate(0, 1000), 0);
        assertEquals(0.00536, sgd.polyLearningRate(500, 1000), 5e-6);
        assertEquals(1.995e-5, sgd.polyLearningRate(999, 1000), 5e-9);
    }

    /** A deadline run's schedule: the same curve over the elapsed share of the time, 0 at the deadline. */
    @Test
    public void theDeadlinesPolyLearningRateFollowsTheElapsedShare() {
        NnunetSgd sgd = new NnunetSgd(List.of(), NNUNET);
        assertEquals(sgd.polyLearningRate(500, 1000), sgd.polyLearningRate(0.5), 0);
        assertEquals(0.01 * Math.pow(0.25, 0.9), sgd.polyLearningRate(0.75), 1e-15);
        assertEquals(0, sgd.polyLearningRate(1.0), 0);
    }

    @Test
    public void aVariantsLearningRateAndExponentShapeThePolySchedule() {
        NnunetSgd sgd = new NnunetSgd(List.of(), NNUNET.withInitialLr(0.02).withPolyExponent(1));
        assertEquals(0.02, sgd.learningRate(), 0);
        assertEquals(0.01, sgd.polyLearningRate(50, 100), 1e-15);
    }

    /** torch.optim.SGD(nesterov=False): the step is the momentum buffer itself. */
    @Test
    public void withoutNesterovTheStepIsTheMomentumBuffer() {
        double[] w = {0.5, -1.25};
        double[] g = {0.1, -0.3};
        NDArray weight = manager.create(toFloat(w));
        weight.setRequiresGradient(true);
        TrainerSettings settings = NNUNET.withNesterov(false).withMomentum(0.9).withWeightDecay(0);
        NnunetSgd sgd = new NnunetSgd(List.of(weight), settings);
        backward(weight, g);
        sgd.step();
        backward(weight, g);
        sgd.step();
        double[] expected = new double[2];
        for (int i = 0; i < 2; i++) {
            // buf = g after the first step, 0.9·g + g after the second
            expected[i] = w[i] - 0.01 * g[i] - 0.01 * (0.9 * g[i] + g[i]);
        }
        assertArrayEquals(toFloat(expected), weight.toFloatArray(), 1e-7f);
    }

    /** Records loss = Σ w·g, whose gradient with respect to w is g. */
    private void backward(NDArray weight, double[] gradient) {
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            collector.backward(weight.mul(manager.create(toFloat(gradient))).sum());
        }
    }

    private static float[] toFloat(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}
