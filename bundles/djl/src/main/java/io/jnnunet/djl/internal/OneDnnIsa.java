package io.jnnunet.djl.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.jnnunet.djl.ComputeEngine;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;

/**
 * Chooses the instruction sets of oneDNN, libtorch's CPU convolution library, before the engine's first convolution:
 * oneDNN reads {@value #VARIABLE} from the process environment once. The oneDNN 3.7.1 inside DJL's libtorch 2.7.1
 * computed wrong convolutions on this project's machine one day (docs/performance.md, finding 1): input gradients, and
 * for some widths the output, when a channel count was not a multiple of its vector width (16 floats in its AVX-512
 * kernels, 8 in its AVX2 ones), off by up to 30 %, sometimes NaN; on another day the same CPU model computed them
 * right. So the engine asks the machine: {@link OneDnnSelfTest} runs in a child JVM with every instruction set
 * enabled, and only when it finds every width right does oneDNN keep its default (all the CPU has: prediction up to a
 * third faster than on AVX2); otherwise, or when the child cannot run, oneDNN is capped at AVX2, where the widths our
 * planners make (multiples of 8) are right. A value the user set wins and skips the test.
 */
final class OneDnnIsa {

    static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
    static final String SAFE = "AVX2";
    /** oneDNN's name for every instruction set the CPU has, its default. */
    static final String ALL = "ALL";
    /** slf4j's API for the child, which DJL needs; a resource of this bundle, not on its class path. */
    static final String SLF4J_ENTRY = "self-test/slf4j-api.jar";
    private static final long TIMEOUT_SECONDS = 300;
    private static final Set<String> ENGINE_PROPERTIES = Set.of("ENGINE_CACHE_DIR", "DJL_CACHE_DIR",
            "OPT_OUT_TRACKING");

    /**
     * The self-test's verdict on bfloat16, kept in the process environment beside {@value #VARIABLE} for a later start
     * of the engine in this JVM.
     */
    static final String BF16_VARIABLE = "JNNUNET_ONEDNN_BF16";

    /**
     * What was chosen and why, for the engine's start line.
     *
     * @param isa the value oneDNN will read, {@code null} for its default (all the CPU has)
     * @param bf16 the self-test's line on bfloat16 passes ({@code bf16 right: ...}, {@code bf16 wrong: ...}), or
     *     {@code null} where it did not test them
     */
    record Choice(String isa, String reason, String bf16) {
        @Override
        public String toString() {
            return (isa == null || isa.equalsIgnoreCase(ALL) ? "every instruction set of the CPU" : "up to " + isa)
                    + " (" + reason + ")" + (bf16 == null ? "" : "; " + bf16);
        }

        /**
         * Why oneDNN's bfloat16 kernels may not be used for a network's passes, or {@code null} when they may: the
         * instruction sets allow them (AVX512_CORE_BF16 and above, or no limit) and the self-test found them right.
         */
        String bf16Missing() {
            if (!allowsBf16(isa)) {
                return "oneDNN is limited to " + isa + ", without bfloat16 kernels (" + reason + ")";
            }
            if (bf16 == null) {
                return "oneDNN's bfloat16 kernels were not self-tested (" + reason + ")";
            }
            return bf16.startsWith("bf16 right") ? null : bf16.startsWith("bf16 ")
                    ? "oneDNN's self-test found its " + bf16 : "oneDNN's bfloat16 self-test " + bf16;
        }
    }

    /** Whether oneDNN limited to {@code isa} may use bfloat16 instructions: AVX512_CORE_BF16 and above, or no limit. */
    static boolean allowsBf16(String isa) {
        String limit = isa == null ? ALL : isa.toUpperCase(Locale.ROOT);
        return limit.equals(ALL) || limit.contains("BF16") || limit.contains("FP16") || limit.contains("AMX")
                || limit.startsWith("AVX10");
    }

    /** The C library's environment, which {@code System.getenv} reads only once, at the JVM's start. */
    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }

    private OneDnnIsa() {
    }

    /**
     * The user's {@value #VARIABLE}, else on x86-64 the self-test's verdict, written to this process's environment
     * ({@value #ALL} or {@value #SAFE}) so that a later start of the engine in this JVM, which cannot change oneDNN's
     * choice any more, does not test again. Where the CPU computes bfloat16 and the instruction sets allow it, the
     * bfloat16 kernels are tested too, also under a value the user set, and the verdict kept the same way
     * ({@value #BF16_VARIABLE}).
     */
    static Choice choose() {
        String chosen = getenv(VARIABLE);
        if (chosen != null) {
            String bf16 = getenv(BF16_VARIABLE);
            if (bf16 == null && allowsBf16(chosen) && bf16Hardware()) {
                bf16 = verdicts(chosen, "bf16-only").get(0);
                setenv(BF16_VARIABLE, bf16);
            }
            return new Choice(chosen, VARIABLE + "=" + chosen + " in the environment", bf16);
        }
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return new Choice(null, "not x86-64", null);
        }
        long start = System.nanoTime();
        List<String> verdict = verdicts(ALL, bf16Hardware() ? "bf16" : "");
        String took = String.format(Locale.ROOT, ", %.1f s", (System.nanoTime() - start) / 1e9);
        String isa = verdict.get(0).startsWith("right") ? ALL : SAFE;
        String bf16 = verdict.size() > 1 ? verdict.get(1) : null;
        if (bf16 != null) {
            setenv(BF16_VARIABLE, bf16);
        }
        return new Choice(setenv(VARIABLE, isa) || isa.equals(ALL) ? isa : null, "self-test " + verdict.get(0) + took,
                bf16);
    }

    /** {@link #selfTest}'s lines, or one that says why it did not run. */
    private static List<String> verdicts(String isa, String mode) {
        try {
            return selfTest(isa, mode);
        } catch (IOException | RuntimeException e) {
            return List.of("did not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted");
        }
    }

    /** Whether the CPU computes bfloat16 natively: AVX512-BF16 or AMX in {@code /proc/cpuinfo}'s flags. */
    static boolean bf16Hardware() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
                    .findFirst().map(l -> l.matches(".*\\s(avx512_bf16|amx_bf16)(\\s.*)?")).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** A variable of this process's environment as it is now, or {@code null}. */
    private static String getenv(String name) {
        try {
            return Native.load("c", LibC.class).getenv(name);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return System.getenv(name);
        }
    }

    /** Sets a variable in this process's environment unless it is set; false where that fails. */
    private static boolean setenv(String name, String value) {
        try {
            return Native.load("c", LibC.class).setenv(name, value, 0) == 0;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }

    /**
     * Runs {@link OneDnnSelfTest} in a child JVM with oneDNN limited to {@code isa}: its verdict on float32
     * convolutions and, with {@code mode} {@code bf16} and those right, on bfloat16 passes; with {@code bf16-only},
     * only the latter.
     */
    static List<String> selfTest(String isa, String mode) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("ai.djl.") || name.startsWith("PYTORCH_") || ENGINE_PROPERTIES.contains(name)) {
                command.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        command.add("-cp");
        command.add(classPath());
        command.add(OneDnnSelfTest.class.getName());
        command.add(Integer.toString(Runtime.getRuntime().availableProcessors()));
        if (!mode.isEmpty()) {
            command.add(mode);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(VARIABLE, isa);
        Process process = builder.start();
        process.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append(e.getMessage());
            }
        }, "oneDNN self-test output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return List.of("did not end within " + TIMEOUT_SECONDS + " s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        List<String> lines = output.toString().strip().lines().map(String::strip).toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (process.exitValue() != 0) {
            return List.of(last.startsWith("wrong") ? last : "failed (exit " + process.exitValue() + "): " + last);
        }
        // the child's libraries may print warnings; the verdicts are the last lines
        return mode.equals("bf16") && last.startsWith("bf16 ") && lines.size() > 1
                ? List.of(lines.get(lines.size() - 2), last) : List.of(last);
    }

    /**
     * The child's class path: this JVM's outside OSGi; inside, this bundle's classes and embedded jars (its
     * {@code Bundle-ClassPath}) and slf4j's API, copied from the bundle into its data area.
     */
    private static String classPath() throws IOException {
        Bundle bundle;
        try {
            bundle = FrameworkUtil.getBundle(OneDnnIsa.class);
        } catch (LinkageError e) {
            bundle = null;
        }
        if (bundle == null) {
            return System.getProperty("java.class.path");
        }
        File data = bundle.getDataFile("onednn-self-test");
        if (data == null) {
            throw new IOException("the framework gives bundle " + bundle.getSymbolicName() + " no data area");
        }
        Path folder = data.toPath();
        List<String> entries = new ArrayList<>();
        for (String entry : bundle.getHeaders().get(Constants.BUNDLE_CLASSPATH).split(",")) {
            entry = entry.strip();
            if (entry.equals(".")) {
                Path classes = folder.resolve("classes");
                // the self-test's package and the API it uses (FullPrecision)
                String root = ComputeEngine.class.getPackageName().replace('.', '/');
                for (URL url : Collections.list(bundle.findEntries(root, "*.class", true))) {
                    copy(url, classes.resolve(url.getPath().substring(1)));
                }
                entries.add(classes.toString());
            } else {
                entries.add(copy(bundle.getEntry(entry), folder.resolve(entry)).toString());
            }
        }
        entries.add(copy(bundle.getEntry(SLF4J_ENTRY), folder.resolve(SLF4J_ENTRY)).toString());
        return String.join(File.pathSeparator, entries);
    }

    /** Writes a bundle entry to a file under a temporary name, then renames it. */
    private static Path copy(URL entry, Path target) throws IOException {
        if (entry == null) {
            throw new IOException("an entry of the bundle is missing for " + target.getFileName());
        }
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (InputStream in = entry.openStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
