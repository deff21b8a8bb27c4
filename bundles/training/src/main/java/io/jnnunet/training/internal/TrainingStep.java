package io.jnnunet.training.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.Precision;
import java.util.List;

/**
 * One training iteration, nnU-Net's {@code train_step}: forward with deep supervision, the loss, backward, gradient
 * clipping and the SGD step. The training loop and the planner's timing probe run the same code. The forward pass runs
 * in the precision given (bfloat16 under autocast); the loss, the gradients and the weights are float32.
 */
record TrainingStep(ComputeEngine engine, Block network, ParameterStore parameterStore, DeepSupervisionLoss loss,
        NnunetSgd sgd, Precision precision) {

    /** Runs the iteration and returns the loss; the iteration's temporary arrays are freed before it returns. */
    float run(NDArray data, List<NDArray> targets) {
        try (NDScope scope = new NDScope()) {
            float value;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDList outputs = engine.forward(network, parameterStore, new NDList(data), true, precision);
                NDArray total = loss.compute(outputs, targets);
                collector.backward(total);
                value = total.getFloat();
            }
            sgd.step();
            return value;
        }
    }
}
