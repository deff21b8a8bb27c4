package io.jnnunet.architectures.internal;

import static org.junit.Assert.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.training.ParameterStore;
import io.jnnunet.djl.Precision;
import io.jnnunet.djl.internal.PyTorchComputeEngine;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * Inside a bfloat16 pass the architectures' convolutions run in bfloat16 only where oneDNN's bfloat16 kernels are
 * right: output widths that are multiples of 16, and input widths that are too unless the input needs no gradient
 * (a network's input). The others, the heads among them, run in float32. DJL names bfloat16 {@code UNKNOWN}.
 */
public class MixedPrecisionConvolutionTest extends NetworkTestSupport {

    @Test
    public void convolutionsThatBf16GetsWrongRunInFloat32() {
        PyTorchComputeEngine engine = new PyTorchComputeEngine((PyTorchComputeEngine.Config) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {PyTorchComputeEngine.Config.class},
                (proxy, method, args) -> method.getName().equals("threads") ? 1 : method.getDefaultValue()));
        assertEquals(List.of(DataType.UNKNOWN, DataType.FLOAT32, DataType.FLOAT32, DataType.UNKNOWN,
                DataType.FLOAT32), outputTypes(engine));
    }

    /** 16 -> 32, 16 -> 8, 8 -> 32 with and without an input gradient, 32 -> 3 (1x1), in one bfloat16 pass. */
    private List<DataType> outputTypes(PyTorchComputeEngine engine) {
        ParameterStore store = new ParameterStore(manager, false);
        NDArray sixteen = input(16, true);
        NDArray eight = input(8, true);
        NDArray eightWithoutGradient = input(8, false);
        NDArray thirtyTwo = input(32, true);
        List<DataType> types = new ArrayList<>();
        LambdaBlock pass = new LambdaBlock(unused -> {
            types.add(conv(16, 32, 3).forward(store, new NDList(sixteen), true).head().getDataType());
            types.add(conv(16, 8, 3).forward(store, new NDList(sixteen), true).head().getDataType());
            types.add(conv(8, 32, 3).forward(store, new NDList(eight), true).head().getDataType());
            types.add(conv(8, 32, 3).forward(store, new NDList(eightWithoutGradient), true).head().getDataType());
            types.add(conv(32, 3, 1).forward(store, new NDList(thirtyTwo), true).head().getDataType());
            return new NDList(sixteen);
        });
        engine.forward(pass, store, new NDList(sixteen), true, Precision.BF16);
        return types;
    }

    private NDArray input(int channels, boolean gradient) {
        NDArray x = manager.randomNormal(new Shape(1, channels, 8, 8));
        x.setRequiresGradient(gradient);
        return x;
    }

    private Convolution conv(int in, int out, int kernel) {
        Convolution conv = Layers.conv(2, out, new int[] {kernel, kernel}, new int[] {1, 1}, true);
        conv.initialize(manager, DataType.FLOAT32, new Shape(1, in, 8, 8));
        return conv;
    }
}
