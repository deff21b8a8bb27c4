package io.jnnunet.djl.internal;

import ai.djl.Device;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * libtorch's autocast, {@code torch.autocast(device_type, dtype=torch.bfloat16)} in Python, which DJL does not expose:
 * switched through the plain functions libtorch exports for it ({@code at::autocast::set_autocast_enabled},
 * {@code set_autocast_dtype}, {@code clear_cache}). Its state is the calling thread's. Under it, convolutions and
 * matrix products cast their float32 operands to bfloat16 with casts that autograd records, so gradients reach the
 * float32 weights; DJL's own {@code toType} cannot do that (it casts without autograd) and cannot name bfloat16.
 * A scope: {@link #close()} puts back the state it found.
 */
public final class Autocast implements AutoCloseable {

    private static final String LIBRARY = "torch_cpu";
    /** {@code c10::DeviceType}. */
    private static final int CPU = 0;
    private static final int CUDA = 1;
    /** {@code c10::ScalarType::BFloat16}. */
    private static final int BFLOAT16 = 15;

    private final NativeLibrary torch;
    private final int deviceType;
    private final boolean previous;
    private final boolean changed;

    private Autocast(Device device, boolean on) {
        torch = NativeLibrary.getInstance(LIBRARY);
        deviceType = device.isGpu() ? CUDA : CPU;
        previous = (function("_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE")
                .invokeInt(new Object[] {deviceType}) & 0xff) != 0;
        if (on) {
            function("_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE")
                    .invokeVoid(new Object[] {deviceType, BFLOAT16});
        }
        changed = on != previous;
        if (changed) {
            enable(on);
        }
    }

    /** bfloat16 autocast on for this thread's operations on the device's type until {@link #close()}. */
    static Autocast bf16(Device device) {
        return new Autocast(device, true);
    }

    /** Autocast off for this thread's operations on the device's type until {@link #close()}. */
    public static Autocast suspend(Device device) {
        return new Autocast(device, false);
    }

    private Function function(String symbol) {
        return torch.getFunction(symbol);
    }

    private void enable(boolean on) {
        function("_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb")
                .invokeVoid(new Object[] {deviceType, on ? 1 : 0});
    }

    /**
     * Restores the thread's previous state; leaving autocast, the casts of weights it cached go (they are stale after
     * an optimiser step).
     */
    @Override
    public void close() {
        if (changed) {
            enable(previous);
            if (!previous) {
                function("_ZN2at8autocast11clear_cacheEv").invokeVoid(new Object[0]);
            }
        }
    }
}
