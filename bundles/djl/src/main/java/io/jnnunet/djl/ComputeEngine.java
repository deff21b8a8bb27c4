package io.jnnunet.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * DJL's PyTorch engine, initialised inside OSGi. Other bundles get their {@link NDManager}s here rather than from
 * DJL's static entry points, so that every array lives on the configured device and the engine is known to be loaded.
 */
public interface ComputeEngine {

    /** Engine name, {@code PyTorch}. */
    String engineName();

    /** Version of the native engine, e.g. {@code 2.7.1}. */
    String engineVersion();

    /** Version of DJL. */
    String djlVersion();

    /** Every device the engine sees: the CUDA GPUs when there are any, and the CPU. */
    List<DeviceInfo> devices();

    /** The device work goes to unless a caller asks for another: as configured, else the first GPU, else the CPU. */
    Device defaultDevice();

    /**
     * A device by name: {@code cpu}, {@code gpu} (the first GPU), {@code gpu:N} or {@code auto} (the default device).
     *
     * @throws IllegalArgumentException naming the available devices when the engine has no such device
     */
    Device device(String name);

    /**
     * Threads used inside one operation (PyTorch's intra-op threads) by work that starts now: as configured, or the
     * cores other processes leave free.
     */
    int threads();

    /** Threads that run independent operations in parallel (PyTorch's inter-op threads). */
    int interOpThreads();

    /** A new root manager on the default device; the caller closes it. */
    NDManager newManager();

    /**
     * A new root manager on a device; the caller closes it. The calling thread runs its operations with the
     * configured {@link #threads()}.
     */
    NDManager newManager(Device device);

    /** Records operations on arrays that require gradients, for a backward pass; the caller closes it. */
    GradientCollector newGradientCollector();

    /**
     * The precision forward passes on a device run in when {@code requested} is asked for: {@link Precision#BF16}
     * where the device computes bfloat16 natively and right (a GPU; a CPU with AVX512-BF16 or AMX whose oneDNN
     * kernels passed the engine's self-test), else {@link Precision#FP32}, with the reason.
     */
    PrecisionChoice precision(Precision requested, Device device);

    /**
     * A block's forward pass in a precision (one {@link #precision} chose): in {@link Precision#BF16} under libtorch's
     * autocast, with the outputs promoted to float32 by an operation autograd records, so that losses and callers
     * always get float32 and gradients reach the float32 weights.
     */
    NDList forward(Block block, ParameterStore parameterStore, NDList inputs, boolean training, Precision precision);
}
