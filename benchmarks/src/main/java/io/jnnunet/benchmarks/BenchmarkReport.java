package io.jnnunet.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.Library;
import com.sun.jna.Native;
import io.jnnunet.djl.ComputeEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/** What every benchmark needs: the machine's description, memory peaks, and its section of docs/benchmarks.md. */
public final class BenchmarkReport {

    private BenchmarkReport() {
    }

    public static String machine() {
        return String.format("%d cores (%s), Java %s, %s, %s", Runtime.getRuntime().availableProcessors(),
                cpuModel(), System.getProperty("java.version"), System.getProperty("os.name"), LocalDate.now());
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    public static void resetHeapPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peaks since the last reset, in MiB (an upper bound of the live heap's peak). */
    public static double heapPeakMiB() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576.0;
    }

    /** The process's peak resident memory (Linux VmHWM) in MiB, or -1 elsewhere. */
    public static double residentPeakMiB() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .mapToDouble(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /** float32 GEMM of two 2048 x 2048 matrices in jnnunet's engine, GFLOP/s: best of 10 after warm-ups. */
    public static double matmulGflops(ComputeEngine engine) {
        try (NDManager manager = engine.newManager()) {
            NDArray a = manager.randomNormal(new Shape(2048, 2048));
            NDArray b = manager.randomNormal(new Shape(2048, 2048));
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 10; i++) {
                long start = System.nanoTime();
                a.matMul(b).close();
                best = Math.min(best, System.nanoTime() - start);
            }
            return 2.0 * 2048 * 2048 * 2048 / best;
        }
    }

    /**
     * The ratio of two medians in bold with its target, or why there is none: when either side's matrix
     * multiplication runs at less than half the other's, one of the two setups is broken (a reference BLAS, a
     * kernel forced by the environment, a library's slow path for this CPU) and a ratio would measure that.
     *
     * @param matmul the best GEMM rates, jnnunet's then PyTorch's
     */
    public static String ratio(double jnnunet, double torch, double[] matmul, double target) {
        if (matmul[0] < matmul[1] / 2 || matmul[1] < matmul[0] / 2) {
            return String.format(Locale.ROOT, "no ratio: matmul %.0f vs %.0f GFLOP/s, one side's setup is broken",
                    matmul[0], matmul[1]);
        }
        if (!Double.isFinite(jnnunet) || !Double.isFinite(torch)) {
            return "no ratio: a side has no time";
        }
        return String.format(Locale.ROOT, "**%.2f** (target <= %.1f%s)", jnnunet / torch, target,
                jnnunet / torch <= target ? ", met" : ", not met");
    }

    /**
     * The engine settings of this process that change how PyTorch's kernels run (oneDNN's ISA, MKL, OpenMP,
     * a preloaded library, the allocator), for the report: those of the environment it started with, and oneDNN's
     * instruction sets as the engine chose them in its own process (its self-test), which {@link System#getenv} does
     * not see.
     */
    public static String engineEnvironment() {
        String set = System.getenv().entrySet().stream()
                .filter(e -> e.getKey().matches("(ONEDNN|DNNL|MKL|OMP|GOMP|KMP|MALLOC)_.*|LD_PRELOAD"))
                .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").sorted()
                .collect(java.util.stream.Collectors.joining(", "));
        return (set.isEmpty() ? "none from the environment" : set) + " (bin/setenv: the MKL shim, one malloc arena;"
                + " docs/performance.md, findings 2 and 8); set by the engine in its process (its start line): oneDNN's"
                + " instruction sets `ONEDNN_MAX_CPU_ISA=" + Native.load("c", LibC.class).getenv("ONEDNN_MAX_CPU_ISA")
                + "` (finding 1's self-test) and glibc's allocator keeping freed memory (finding 7), unless the"
                + " environment sets them";
    }

    /** The C library's {@code getenv}: the process's environment as it is now. */
    private interface LibC extends Library {
        String getenv(String name);
    }

    /** The plans file as the command to rerun gives it: relative to the repository (docs/..), when it is inside. */
    public static String relative(Path report, Path plansFile) {
        Path root = report.toAbsolutePath().getParent().getParent();
        Path plans = plansFile.toAbsolutePath();
        return plans.startsWith(root) ? root.relativize(plans).toString() : plans.toString();
    }

    /** Replaces (or appends) the section between this benchmark's markers in docs/benchmarks.md. */
    public static void writeSection(Path file, String name, String markdown) throws IOException {
        String begin = "<!-- BEGIN " + name + " -->";
        String end = "<!-- END " + name + " -->";
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8)
                : "# Benchmarks\n\nEach section is written by its harness in `benchmarks/`; rerun it to refresh.\n";
        String section = begin + "\n" + markdown.strip() + "\n" + end;
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        text = from >= 0 && to > from ? text.substring(0, from) + section + text.substring(to + end.length())
                : text.stripTrailing() + "\n\n" + section + "\n";
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
