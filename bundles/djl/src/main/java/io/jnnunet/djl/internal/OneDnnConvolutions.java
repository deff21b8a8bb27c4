package io.jnnunet.djl.internal;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * libtorch's switch for oneDNN (mkldnn), {@code torch.backends.mkldnn.enabled} in Python, which DJL does not expose:
 * set through the functions libtorch exports for it, {@code at::globalContext()} and
 * {@code at::Context::setUserEnabledMkldnn(bool)}. Off, convolutions run on libtorch's own kernels (im2col and the
 * BLAS): right for every width, but 5 to 10 times slower here; for networks whose widths are not multiples of 8,
 * which oneDNN gets wrong even on AVX2 ({@link OneDnnIsa}).
 */
final class OneDnnConvolutions {

    private static final String LIBRARY = "torch_cpu";

    private OneDnnConvolutions() {
    }

    /**
     * Turns oneDNN on or off for this process; libtorch must be loaded.
     *
     * @return whether oneDNN is on now
     * @throws UnsatisfiedLinkError when libtorch does not export the switch
     */
    static boolean enable(boolean on) {
        NativeLibrary torch = NativeLibrary.getInstance(LIBRARY);
        Pointer context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
        torch.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb").invokeVoid(new Object[] {context, on ? 1 : 0});
        Function enabled = torch.getFunction("_ZNK2at7Context17userEnabledMkldnnEv");
        // a C++ bool comes back in the low byte of the register
        return (enabled.invokeInt(new Object[] {context}) & 0xff) != 0;
    }
}
