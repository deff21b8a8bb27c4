package io.jnnunet.djl.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
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
     * What was chosen and why, for the engine's start line.
     *
     * @param isa the value oneDNN will read, {@code null} for its default (all the CPU has)
     */
    record Choice(String isa, String reason) {
        @Override
        public String toString() {
            return (isa == null || isa.equalsIgnoreCase(ALL) ? "every instruction set of the CPU" : "up to " + isa)
                    + " (" + reason + ")";
        }
    }

    /** The C library's {@code setenv}. */
    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private OneDnnIsa() {
    }

    /**
     * The user's {@value #VARIABLE}, else on x86-64 the self-test's verdict, written to this process's environment
     * ({@value #ALL} or {@value #SAFE}) so that a later start of the engine in this JVM, which cannot change oneDNN's
     * choice any more, does not test again.
     */
    static Choice choose() {
        String chosen = System.getenv(VARIABLE);
        if (chosen != null) {
            return new Choice(chosen, VARIABLE + "=" + chosen + " in the environment");
        }
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return new Choice(null, "not x86-64");
        }
        long start = System.nanoTime();
        String verdict;
        try {
            verdict = selfTest();
        } catch (IOException | RuntimeException e) {
            verdict = "did not run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            verdict = "interrupted";
        }
        String took = String.format(Locale.ROOT, ", %.1f s", (System.nanoTime() - start) / 1e9);
        String isa = verdict.startsWith("right") ? ALL : SAFE;
        return new Choice(setenv(isa) || isa.equals(ALL) ? isa : null, "self-test " + verdict + took);
    }

    /** Sets the variable in this process's environment unless it is set; false where that fails. */
    private static boolean setenv(String value) {
        try {
            return Native.load("c", LibC.class).setenv(VARIABLE, value, 0) == 0;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }

    /** Runs {@link OneDnnSelfTest} in a child JVM with every instruction set; its last line of output. */
    static String selfTest() throws IOException, InterruptedException {
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
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(VARIABLE, ALL);
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
            return "did not end within " + TIMEOUT_SECONDS + " s";
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String[] lines = output.toString().strip().split("\n");
        String last = lines[lines.length - 1].strip();
        return process.exitValue() == 0 || last.startsWith("wrong") ? last
                : "failed (exit " + process.exitValue() + "): " + last;
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
                String root = OneDnnIsa.class.getPackageName().replace('.', '/');
                for (URL url : Collections.list(bundle.findEntries(root, "*.class", false))) {
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
