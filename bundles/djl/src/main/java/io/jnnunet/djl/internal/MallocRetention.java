package io.jnnunet.djl.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.List;
import java.util.Map;

/**
 * Keeps freed tensor memory in the process instead of handing it back to the kernel after every operator. libtorch
 * allocates each CPU tensor with the C library's {@code malloc}; glibc serves blocks above its mmap threshold (128 KiB
 * at first, raised as such blocks are freed) with fresh {@code mmap}s and gives free heap tops above its trim threshold
 * back, so a training step's feature maps (megabytes each) fault their pages in again at every step. Measured on the
 * cells set's 30-minute budget plan (2 cores): a training iteration took 0.22-0.35 s and came down to 0.19 s only after
 * a few hundred iterations as the thresholds crept up; with the thresholds set it takes 0.14-0.16 s from the third
 * iteration on (docs/performance.md). The planner's probe, a dozen iterations, measured the slow start and planned a
 * network for a machine 1.7 times slower than it is.
 *
 * <p>Sets glibc's {@code M_MMAP_THRESHOLD} to its maximum (32 MiB: larger blocks are still mapped) and
 * {@code M_TRIM_THRESHOLD} to 1 GiB through {@code mallopt}, unless the user set any of glibc's {@code MALLOC_*_}
 * tunables in the environment; nothing where the C library is not glibc. The cost: memory freed inside the heaps is
 * kept for the next tensors rather than returned, so the resident size stays near its peak.
 */
public final class MallocRetention {

    /** glibc's {@code mallopt} parameters. */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int MMAP_THRESHOLD = 32 << 20;
    private static final int TRIM_THRESHOLD = 1 << 30;
    /**
     * glibc's limit on malloc arenas, which only the environment sets in time: the distribution's {@code bin/setenv}
     * sets it to 1 (docs/performance.md, finding 8). Not one of the user's tunables that turn this class off.
     */
    private static final String ARENA_MAX = "MALLOC_ARENA_MAX";
    private static final List<String> USER_TUNABLES = List.of("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_",
            "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_", "GLIBC_TUNABLES");

    /** glibc's {@code mallopt} and the function that tells glibc from other C libraries. */
    private interface GlibC extends Library {
        int mallopt(int parameter, int value);

        String gnu_get_libc_version();
    }

    private MallocRetention() {
    }

    /**
     * The same settings as glibc's environment variables, for a process of another program that should run with them
     * (the benchmarks' PyTorch side).
     */
    public static Map<String, String> environment() {
        return Map.of("MALLOC_MMAP_THRESHOLD_", Integer.toString(MMAP_THRESHOLD), "MALLOC_TRIM_THRESHOLD_",
                Integer.toString(TRIM_THRESHOLD), ARENA_MAX, "1");
    }

    /**
     * @return what was set, for the engine's start line, or {@code null} (the user's tunables, or no glibc)
     */
    static String apply() {
        if (USER_TUNABLES.stream().anyMatch(name -> System.getenv(name) != null)) {
            return null;
        }
        try {
            GlibC libc = Native.load("c", GlibC.class);
            libc.gnu_get_libc_version();
            boolean set = libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                    && libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1;
            String arenas = System.getenv(ARENA_MAX);
            return set ? "malloc keeps freed memory (mmap threshold 32 MiB, trim threshold 1 GiB, "
                    + (arenas == null ? "glibc's default arenas" : arenas + " arena(s)") + ")" : null;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }
}
