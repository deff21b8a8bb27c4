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
import java.util.List;

/**
 * Times the trainer's own iteration ({@link TrainingStep}) for a network on random data and labels: warm-up
 * iterations first (allocator, first use of the kernels), then the fastest of the timed ones. With nnU-Net's settings
 * and deep supervision: what the variants change does not change an iteration's cost much.
 */
final class IterationTimer {

    private static final int WARMUP_ITERATIONS = 2;
    private static final int TIMED_ITERATIONS = 2;

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
            long fastest = Long.MAX_VALUE;
            for (int i = 0; i < WARMUP_ITERATIONS + TIMED_ITERATIONS; i++) {
                long start = System.nanoTime();
                step.run(data, targets);
                if (i >= WARMUP_ITERATIONS) {
                    fastest = Math.min(fastest, System.nanoTime() - start);
                }
            }
            return fastest / 1e9;
        }
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
