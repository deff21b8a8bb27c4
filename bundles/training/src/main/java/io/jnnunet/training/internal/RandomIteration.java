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
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.Precision;
import io.jnnunet.network.NetworkArchitecture;
import io.jnnunet.network.NetworkParameters;
import io.jnnunet.training.internal.data.TrainingData;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainer's own iteration ({@link TrainingStep}) of a freshly built network on one batch of random data and labels,
 * with nnU-Net's settings and deep supervision (what the variants change does not change an iteration's cost much):
 * what the planner's probe ({@link IterationTimer}) and the benchmarks time. Closing it frees the network's arrays.
 */
final class RandomIteration implements AutoCloseable {

    private final NDManager manager;
    private final TrainingStep step;
    private final NDArray data;
    private final List<NDArray> targets = new ArrayList<>();
    private float loss = Float.NaN;

    RandomIteration(ComputeEngine engine, Device device, NetworkArchitecture architecture, ArchitecturePlan plan,
            int inputChannels, int numOutputs, int batchSize, int[] patchSize, boolean batchDice, Precision precision) {
        Block network = architecture.build(plan, inputChannels, numOutputs, true);
        manager = engine.newManager(device);
        try {
            network.initialize(manager, DataType.FLOAT32, shape(1, inputChannels, patchSize, null));
            List<NDArray> weights = NetworkParameters.of(network).parameters().stream().map(p -> p.getArray())
                    .toList();
            double[][] scales = TrainingData.deepSupervisionScales(plan.archKwargs().strides());
            TrainerSettings nnunet = TrainerSettings.defaults();
            step = new TrainingStep(engine, network, new ParameterStore(manager, false),
                    new DeepSupervisionLoss(new DiceCeLoss(batchDice, null, nnunet.diceSmooth()), scales.length),
                    new NnunetSgd(weights, nnunet), precision);
            data = manager.randomNormal(shape(batchSize, inputChannels, patchSize, null));
            for (double[] scale : scales) {
                targets.add(manager.randomInteger(0, numOutputs, shape(batchSize, 1, patchSize, scale),
                        DataType.INT32).toType(DataType.FLOAT32, false));
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Runs one iteration and returns its seconds. */
    double seconds() {
        long start = System.nanoTime();
        loss = step.run(data, targets);
        return (System.nanoTime() - start) / 1e9;
    }

    /** The loss of the last iteration: not finite when the step produced NaN or infinity. */
    float loss() {
        return loss;
    }

    @Override
    public void close() {
        manager.close();
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
