package io.jnnunet.planning.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.jnnunet.api.ArchitecturePlan;
import io.jnnunet.api.network.NetworkArchitecture;
import io.jnnunet.djl.ComputeEngine;
import java.util.function.Function;

/**
 * Times real training iterations of the planned network on the device: build it with its architecture service,
 * initialise it, then run forward with deep supervision, backward and an SGD step on random input. The fastest of
 * the timed iterations counts, after warm-up iterations that pay for the allocator and the kernels' first use.
 */
final class DjlTrainingProbe implements TrainingProbe {

    private static final int WARMUP_ITERATIONS = 2;
    private static final int TIMED_ITERATIONS = 2;
    private static final float LEARNING_RATE = 1e-2f;

    private final ComputeEngine engine;
    private final Device device;
    private final Function<String, NetworkArchitecture> architectures;

    /**
     * @param architectures the architecture service for a name of the plans ({@code PlainConvUNet}), throwing when
     *        none is installed
     */
    DjlTrainingProbe(ComputeEngine engine, Device device, Function<String, NetworkArchitecture> architectures) {
        this.engine = engine;
        this.device = device;
        this.architectures = architectures;
    }

    @Override
    public double secondsPerIteration(ArchitecturePlan architecture, int inputChannels, int numOutputs, int batch,
            int[] patch) {
        Block network = architectures.apply(architecture.name()).build(architecture, inputChannels, numOutputs, true);
        long[] dims = new long[patch.length + 2];
        dims[0] = batch;
        dims[1] = inputChannels;
        for (int d = 0; d < patch.length; d++) {
            dims[d + 2] = patch[d];
        }
        Shape shape = new Shape(dims);
        try (NDManager manager = engine.newManager(device)) {
            network.initialize(manager, DataType.FLOAT32, shape);
            ParameterStore parameters = new ParameterStore(manager, false);
            // nnU-Net's optimiser: SGD with Nesterov-style momentum 0.99 and weight decay
            Optimizer optimizer = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(LEARNING_RATE))
                    .optMomentum(0.99f).optWeightDecays(3e-5f).build();
            long fastest = Long.MAX_VALUE;
            for (int i = 0; i < WARMUP_ITERATIONS + TIMED_ITERATIONS; i++) {
                long start = System.nanoTime();
                iterate(network, parameters, manager, shape, optimizer);
                if (i >= WARMUP_ITERATIONS) {
                    fastest = Math.min(fastest, System.nanoTime() - start);
                }
            }
            return fastest / 1e9;
        }
    }

    private void iterate(Block network, ParameterStore parameters, NDManager manager, Shape shape,
            Optimizer optimizer) {
        try (NDManager iteration = manager.newSubManager()) {
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDList outputs = network.forward(parameters, new NDList(iteration.randomNormal(shape)), true);
                NDArray loss = outputs.get(0).square().mean();
                for (int o = 1; o < outputs.size(); o++) {
                    loss = loss.add(outputs.get(o).square().mean());
                }
                collector.backward(loss);
            }
            for (Parameter parameter : network.getParameters().values()) {
                NDArray weight = parameter.getArray();
                optimizer.update(parameter.getId(), weight, weight.getGradient());
            }
        }
    }
}
