package io.jnnunet.training.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.api.TrainerSettings;
import io.jnnunet.network.NetworkArchitecture;
import io.jnnunet.network.NetworkParameters;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.training.internal.data.TrainingData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Times the trainer's own iteration ({@link TrainingStep}) for a network on random data and labels: warm-up
 * iterations until two in a row agree within 20 % (allocator, first use of the kernels, the JIT; at most
 * {@value #MAX_WARMUP_ITERATIONS}), then the median of {@value #TIMED_ITERATIONS} timed ones (at least
 * {@value #MIN_TIMED_ITERATIONS} when they take more than {@value #TIMED_SECONDS} s), so that neither a cold start
 * nor a few iterations slowed down by other work on the machine decide the plan. With nnU-Net's settings and deep
 * supervision: what the variants change does not change an iteration's cost much.
 */
final class IterationTimer {

    /** Two consecutive warm-up timings within this ratio: the iteration runs at its steady pace. */
    private static final double STABLE_RATIO = 1.2;
    private static final int MAX_WARMUP_ITERATIONS = 6;
    private static final int TIMED_ITERATIONS = 5;
    private static final int MIN_TIMED_ITERATIONS = 3;
    /** Past this much timing, the minimum count is enough: large networks would make planning slow. */
    private static final double TIMED_SECONDS = 6;

    private IterationTimer() {
    }

    static double secondsPerIteration(ComputeEngine engine, Device device, NetworkArchitecture architecture,
            ArchitecturePlan plan, int inputChannels, int numOutputs, int batchSize, int[] patchSize,
            boolean batchDice) {
        Block network = architecture.build(plan, inputChannels, numOutputs, true);
        try (NDManager manager = engine.newManager(device)) {
            network.initialize(manager, DataType.FLOAT32, shape(1, inputChannels, patchSize, null));
            List<NDArray> weights = NetworkParameters.of(network).parameters().stream().map(p -> p.getArray())
                    .toList();
            double[][] scales = TrainingData.deepSupervisionScales(plan.archKwargs().strides());
            TrainerSettings nnunet = TrainerSettings.defaults();
            TrainingStep step = new TrainingStep(engine, network, new ParameterStore(manager, false),
                    new DeepSupervisionLoss(new DiceCeLoss(batchDice, null, nnunet.diceSmooth()), scales.length),
                    new NnunetSgd(weights, nnunet));
            NDArray data = manager.randomNormal(shape(batchSize, inputChannels, patchSize, null));
            List<NDArray> targets = new ArrayList<>();
            for (double[] scale : scales) {
                targets.add(manager.randomInteger(0, numOutputs, shape(batchSize, 1, patchSize, scale),
                        DataType.INT32).toType(DataType.FLOAT32, false));
            }
            return secondsPerIteration(() -> {
                long start = System.nanoTime();
                step.run(data, targets);
                return (System.nanoTime() - start) / 1e9;
            });
        }
    }

    /**
     * The steady seconds per iteration of a timed iteration: warm-up until stable, then the median of the timed.
     *
     * @param iteration runs one iteration and returns its seconds
     */
    static double secondsPerIteration(DoubleSupplier iteration) {
        double previous = iteration.getAsDouble();
        for (int i = 1; i < MAX_WARMUP_ITERATIONS; i++) {
            double current = iteration.getAsDouble();
            boolean stable = Math.max(previous, current) <= STABLE_RATIO * Math.min(previous, current);
            previous = current;
            if (stable) {
                break;
            }
        }
        List<Double> timed = new ArrayList<>();
        double total = 0;
        while (timed.size() < TIMED_ITERATIONS && (timed.size() < MIN_TIMED_ITERATIONS || total < TIMED_SECONDS)) {
            double seconds = iteration.getAsDouble();
            timed.add(seconds);
            total += seconds;
        }
        Collections.sort(timed);
        int n = timed.size();
        return n % 2 == 1 ? timed.get(n / 2) : (timed.get(n / 2 - 1) + timed.get(n / 2)) / 2;
    }

    private static Shape shape(long batch, long channels, int[] patch, double[] scale) {
        long[] dims = new long[patch.length + 2];
        dims[0] = batch;
        dims[1] = channels;
        for (int d = 0; d < patch.length; d++) {
            dims[d + 2] = scale == null ? patch[d] : Math.round(patch[d] * scale[d]);
        }
        return new Shape(dims);
    }
}
