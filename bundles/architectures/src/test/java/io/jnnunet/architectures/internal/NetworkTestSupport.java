package io.jnnunet.architectures.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.After;
import org.junit.Before;

/** A PyTorch manager per test, and forward/backward checks on built networks. */
abstract class NetworkTestSupport {

    static final Engine ENGINE = Engine.getEngine("PyTorch");

    NDManager manager;

    @Before
    public void openManager() {
        manager = ENGINE.newBaseManager();
    }

    @After
    public void closeManager() {
        manager.close();
    }

    /** Initialises the block for the input shape and runs it on random input; checks the declared output shapes. */
    NDList forward(Block block, Shape input) {
        block.initialize(manager, DataType.FLOAT32, input);
        NDList out = block.forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(input)), false);
        assertArrayEquals(block.getOutputShapes(new Shape[] {input}), out.getShapes());
        return out;
    }

    /** One training step's forward and backward; every parameter and the input get a finite gradient. */
    void assertFiniteGradients(Block block, Shape input) {
        block.initialize(manager, DataType.FLOAT32, input);
        NDArray x = manager.randomNormal(input);
        x.setRequiresGradient(true);
        try (GradientCollector collector = ENGINE.newGradientCollector()) {
            NDList outputs = block.forward(new ParameterStore(manager, false), new NDList(x), true);
            NDArray loss = manager.zeros(new Shape());
            for (NDArray output : outputs) {
                loss = loss.add(output.square().mean());
            }
            collector.backward(loss);
        }
        assertFinite("input", x.getGradient());
        assertTrue("the input gradient is zero", x.getGradient().abs().sum().getFloat() > 0);
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            assertFinite(parameter.getKey(), parameter.getValue().getArray().getGradient());
        }
    }

    private static void assertFinite(String name, NDArray gradient) {
        for (float value : gradient.toFloatArray()) {
            assertTrue(name + " has gradient " + value, Float.isFinite(value));
        }
    }

    static Shape[] shapes(Shape... shapes) {
        return shapes;
    }
}
