package io.jnnunet.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.djl.internal.MallocRetention;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plain-PyTorch side of a benchmark: a script of {@code benchmarks/python} run with Debian's
 * {@code /usr/bin/python3} as a child process that answers one JSON line per command
 * ({@code reference_side.py}), so that the two sides take turns on the machine.
 *
 * <p>Its environment is set up for PyTorch's best, for this command alone: {@code OPENBLAS_CORETYPE} and
 * {@code OPENBLAS_L2_SIZE} are removed (some machines set them, and they force a slower OpenBLAS kernel), so are
 * jnnunet's engine settings ({@code ONEDNN_MAX_CPU_ISA}, {@code LD_PRELOAD} of its MKL shim), and where
 * Debian's OpenMP build of OpenBLAS is installed it is loaded instead of the system's {@code libblas.so.3}: the
 * reference BLAS runs a GEMM at about 6 GFLOP/s, and the pthread build keeps its own threads spinning against
 * PyTorch's OpenMP threads (steps 2 to 10 times slower at random). Which BLAS it loaded is in {@link #setup()}.
 * glibc's allocator gets the thresholds jnnunet's engine sets for itself and the one arena the distribution's
 * {@code bin/setenv} gives it, so that neither side faults its tensors' pages in at every step.
 */
public final class PythonSide implements AutoCloseable {

    /** Debian's libopenblas0-openmp. */
    static final Path OPENBLAS_OPENMP = Path.of("/usr/lib/x86_64-linux-gnu/openblas-openmp");
    /** Forced OpenBLAS kernels, and jnnunet's own engine settings (bin/setenv), which are not PyTorch's. */
    private static final List<String> REMOVED = List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
            "ONEDNN_MAX_CPU_ISA", "LD_PRELOAD");

    private final Process process;
    private final BufferedReader answers;
    private final Writer commands;
    private final JsonNode setup;
    private final ObjectMapper json = new ObjectMapper();

    public PythonSide(Path script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        command.addAll(List.of(args));
        process = forPyTorch(new ProcessBuilder(command)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        setup = read();
    }

    /** Sets up a command's environment for PyTorch's best, as this class's description says; returns the builder. */
    public static ProcessBuilder forPyTorch(ProcessBuilder builder) {
        Map<String, String> environment = builder.environment();
        REMOVED.forEach(environment::remove);
        // the allocator settings jnnunet's engine makes in its own process, given to PyTorch too: with glibc's
        // defaults its step takes about twice as long (docs/performance.md, finding 7)
        MallocRetention.environment().forEach(environment::putIfAbsent);
        if (Files.isDirectory(OPENBLAS_OPENMP)) {
            String path = environment.get("LD_LIBRARY_PATH");
            environment.put("LD_LIBRARY_PATH", OPENBLAS_OPENMP + (path == null ? "" : ":" + path));
        }
        return builder;
    }

    /** PyTorch's version, threads, CPU capability and BLAS as the child reported them at its start. */
    public JsonNode setup() {
        return setup;
    }

    /** One line on the BLAS the child loaded, for the report. */
    public String blasDescription() {
        JsonNode blas = setup.get("blas");
        String libraries = blas.get("libraries").isEmpty() ? "no BLAS library"
                : java.util.stream.StreamSupport.stream(blas.get("libraries").spliterator(), false)
                        .map(JsonNode::asText).collect(Collectors.joining(", "));
        String core = blas.has("openblas_core") ? ", OpenBLAS kernel " + blas.get("openblas_core").asText() : "";
        return libraries + core;
    }

    /** Sends a command and returns its answer. */
    public JsonNode ask(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
        JsonNode answer = read();
        if (answer.has("error")) {
            throw new IOException("the PyTorch side: " + answer.get("error").asText());
        }
        return answer;
    }

    public double matmulGflops() throws IOException {
        return ask("matmul").get("matmul_gflops").asDouble();
    }

    /** The child's process id, to tell its CPU time from other processes'. */
    public long pid() {
        return process.pid();
    }

    /** Ends the child and returns its peak resident memory in MiB. */
    public double quit() throws IOException, InterruptedException {
        double rss = ask("quit").get("peak_rss_mib").asDouble();
        process.waitFor();
        return rss;
    }

    private JsonNode read() throws IOException {
        String line = answers.readLine();
        if (line == null) {
            throw new IOException("the PyTorch side ended (exit " + exitValue() + "); its errors are above");
        }
        return json.readTree(line);
    }

    private String exitValue() {
        try {
            return Integer.toString(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
