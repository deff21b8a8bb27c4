package io.jnnunet.training.internal;

import ai.djl.Device;
import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.network.NetworkArchitecture;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.Precision;
import io.jnnunet.formats.NumpyStats;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Times the trainer's own iteration on random data and labels ({@link RandomIteration}): warm-up
 * iterations until two in a row agree within 20 % (allocator, first use of the kernels, the JIT; at most
 * {@value #MAX_WARMUP_ITERATIONS}), then the median of {@value #TIMED_ITERATIONS} timed ones (at least
 * {@value #MIN_TIMED_ITERATIONS} when they take more than {@value #TIMED_SECONDS} s), so that neither a cold start
 * nor a few iterations slowed down by other work on the machine decide the plan.
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
            boolean batchDice, Precision precision) {
        try (RandomIteration iteration = new RandomIteration(engine, device, architecture, plan, inputChannels,
                numOutputs, batchSize, patchSize, batchDice, precision)) {
            return secondsPerIteration(iteration::seconds);
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
        return NumpyStats.median(timed.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
