package io.jnnunet.planning.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.PlanningRequest;
import io.jnnunet.api.Plans;
import io.jnnunet.djl.Precision;
import io.jnnunet.djl.PrecisionChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The compute-budget planner's choices with a stand-in device whose iteration time follows the network's
 * multiply-accumulates, so the choices can be checked by arithmetic.
 */
public class BudgetExperimentPlannerTest {

    private static final long MEMORY = 8L << 30;

    /** A device of 30 GMAC/s with 20 ms of fixed cost per iteration; it records what it was asked to measure. */
    private static final class FakeDevice implements TrainingProbe {
        final List<Double> probed = new ArrayList<>();

        @Override
        public double secondsPerIteration(io.jnnunet.api.ArchitecturePlan architecture, int inputChannels,
                int numOutputs, int batch, int[] patch) {
            double macs = TrainingCost.macsPerIteration(architecture.archKwargs(), patch, inputChannels, numOutputs,
                    batch);
            probed.add(macs);
            return 0.02 + macs / 30e9;
        }
    }

    private static ConfigurationPlan plan2d(FakeDevice device, double minutes) {
        PlanningRequest cells = Datasets.cells();
        Plans plans = new BudgetExperimentPlanner(device, minutes, "fake", MEMORY,
                new PrecisionChoice(Precision.FP32, "as asked")).plan(cells);
        assertEquals("nnUNetPlans_budget" + (long) minutes + "min", plans.plansName());
        assertEquals("BudgetPlanner", plans.experimentPlannerUsed());
        return plans.configuration("2d");
    }

    @Test
    public void aTightBudgetTrainsAtLeastTheMinimumNumberOfIterationsOnTheMeasuredTime() {
        FakeDevice device = new FakeDevice();
        ConfigurationPlan plan = plan2d(device, 30);
        long epochs = ((Number) plan.other().get("num_epochs")).longValue();
        long perEpoch = ((Number) plan.other().get("num_iterations_per_epoch")).longValue();
        @SuppressWarnings("unchecked")
        Map<String, Object> budget = (Map<String, Object>) plan.other().get("budget");
        double seconds = ((Number) budget.get("seconds_per_iteration")).doubleValue();

        assertTrue(epochs * perEpoch >= BudgetSearch.MIN_ITERATIONS - perEpoch);
        assertTrue("the training must fit the budget", epochs * perEpoch * seconds <= 30 * 60 * 0.85 + 1e-6);
        // the chosen network was measured, and the default 640 x 768 network was not affordable
        assertTrue(seconds * BudgetSearch.MIN_ITERATIONS <= 30 * 60 * 0.85);
        assertTrue(plan.patchSize()[0] * plan.patchSize()[1] < 640 * 768
                || plan.architecture().archKwargs().featuresPerStage()[0] < 32);
        assertTrue(device.probed.size() <= BudgetSearch.MAX_PROBES + 1);
        assertTrue(budget.get("reasoning").toString().contains("Chosen"));
        // the trainer's deadline
        assertEquals(30 * 60 * 0.85, ((Number) budget.get("training_seconds")).doubleValue(), 1e-9);
        assertEquals("nnUNetPlans_2d", plan.dataIdentifier());
    }

    @Test
    public void aGenerousBudgetGetsNnunetsDefaultPlan() {
        ConfigurationPlan plan = plan2d(new FakeDevice(), 10_000_000);
        assertArrayEquals(new int[] {640, 768}, plan.patchSize());
        assertArrayEquals(new int[] {32, 64, 128, 256, 512, 512, 512, 512},
                plan.architecture().archKwargs().featuresPerStage());
        assertEquals(4, plan.batchSize().intValue());
        // never more than nnU-Net's 1000 x 250 iterations
        assertEquals(250L, ((Number) plan.other().get("num_iterations_per_epoch")).longValue());
        assertEquals(1000L, ((Number) plan.other().get("num_epochs")).longValue());
    }

    @Test
    public void moreBudgetNeverPlansASmallerNetwork() {
        double previous = 0;
        for (double minutes : new double[] {10, 30, 120, 600}) {
            ConfigurationPlan plan = plan2d(new FakeDevice(), minutes);
            double macs = TrainingCost.macsPerIteration(plan.architecture().archKwargs(), plan.patchSize(), 1, 2,
                    plan.batchSize());
            assertTrue(minutes + " min planned a smaller network than less time did", macs >= previous);
            previous = macs;
        }
    }

    @Test
    public void aBudgetTooSmallForAnyNetworkSaysSo() {
        ConfigurationPlan plan = plan2d(new FakeDevice(), 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> budget = (Map<String, Object>) plan.other().get("budget");
        assertTrue(budget.get("reasoning").toString(), budget.get("reasoning").toString().contains("larger budget"));
        assertEquals(8, plan.architecture().archKwargs().featuresPerStage()[0]);
    }

    @Test
    public void featuresFollowNnunetsRuleFromASmallerBase() {
        assertArrayEquals(new int[] {16, 32, 64, 128, 256, 256}, BudgetSearch.features(6, 2, 16));
        assertArrayEquals(new int[] {8, 16, 32, 64, 80}, BudgetSearch.features(5, 3, 8));
    }
}
