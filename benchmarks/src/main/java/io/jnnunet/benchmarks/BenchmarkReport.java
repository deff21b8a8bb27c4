package io.jnnunet.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Runs a reference script with Debian's {@code /usr/bin/python3} and returns the JSON object of its last output
     * line.
     */
    public static JsonNode python(Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        command.addAll(List.of(args));
        Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (python.waitFor() != 0) {
            throw new IllegalStateException("the PyTorch reference failed:\n" + output);
        }
        return new ObjectMapper().readTree(output.lines().reduce((first, last) -> last).orElseThrow());
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
