package io.jnnunet.djl.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;

/**
 * Keeps oneDNN, libtorch's CPU convolution library, on its AVX2 kernels unless the user chose otherwise
 * ({@value #VARIABLE}). The oneDNN 3.7.1 inside DJL's libtorch 2.7.1 computes wrong convolutions (input gradients,
 * and for some widths the output) when a channel count is not a multiple of its vector width: 16 floats in its
 * AVX-512 kernels, 8 in its AVX2 ones; off by up to 30 %, different from run to run with several threads, sometimes
 * NaN (docs/performance.md). Every network nnU-Net's planners and ours make has widths that are multiples of 8, and
 * the budget planner's start at 8, so on AVX2 they are right; training runs as fast, forward-only prediction loses up
 * to a third on wide convolutions (measured). oneDNN reads the variable from the process environment at its first
 * convolution, so it is set in this process, through the C library, before the engine runs one.
 */
final class OneDnnIsa {

    static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
    static final String SAFE = "AVX2";

    /** The C library's {@code setenv}. */
    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private OneDnnIsa() {
    }

    /**
     * Caps oneDNN at AVX2 on x86-64 unless {@value #VARIABLE} is set already.
     *
     * @return the cap oneDNN will use: the user's, {@value #SAFE}, or {@code null} off x86-64 or where the
     *     environment cannot be changed
     */
    static String limit() {
        String chosen = System.getenv(VARIABLE);
        if (chosen != null) {
            return chosen;
        }
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return null;
        }
        try {
            return Native.load("c", LibC.class).setenv(VARIABLE, SAFE, 0) == 0 ? SAFE : null;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }
}
