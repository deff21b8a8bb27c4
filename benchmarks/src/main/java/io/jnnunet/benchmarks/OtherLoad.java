package io.jnnunet.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How busy other processes kept the machine while a benchmark ran: all cores' busy time from {@code /proc/stat} less
 * the CPU time of the benchmark's own processes (this JVM and its PyTorch child), in cores. A shared machine makes
 * timings noisy; the report says how much. Linux only: elsewhere it reports nothing.
 */
public final class OtherLoad {

    private final long[] pids;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private long startTotal;
    private long startBusy;
    private long startOwn;

    /** @param pids the benchmark's processes besides this JVM */
    public OtherLoad(long... pids) {
        this.pids = pids.clone();
    }

    /** Starts (or restarts) the measurement. */
    public void start() {
        long[] now = sample();
        startTotal = now[0];
        startBusy = now[1];
        startOwn = now[2];
    }

    /** Cores' worth of work other processes did since {@link #start()}, or NaN where /proc cannot be read. */
    public double busyCores() {
        long[] now = sample();
        if (now[0] <= startTotal) {
            return Double.NaN;
        }
        double perCore = (now[0] - startTotal) / (double) cores;
        return Math.max(0, (now[1] - startBusy) - (now[2] - startOwn)) / perCore;
    }

    /** A sentence for the report. */
    public String describe() {
        double busy = busyCores();
        return Double.isNaN(busy) ? "Other processes' load: unknown (no /proc)."
                : String.format(Locale.ROOT, "Other processes kept %.2f of the %d cores busy on average while it ran"
                        + "%s.", busy, cores, busy > 0.2 ? " (their share is noise in these timings)" : "");
    }

    /** Total jiffies, busy jiffies, and the jiffies of this JVM and the listed processes. */
    private long[] sample() {
        try {
            // cpu  user nice system idle iowait irq softirq steal ...
            String[] all = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(all.length, 9); i++) {
                total += Long.parseLong(all[i]);
            }
            long busy = total - Long.parseLong(all[4]) - Long.parseLong(all[5]);
            long own = processTime(Path.of("/proc/self/stat"));
            for (long pid : pids) {
                own += processTime(Path.of("/proc/" + pid + "/stat"));
            }
            return new long[] {total, busy, own};
        } catch (IOException | RuntimeException unreadable) {
            return new long[] {0, 0, 0};
        }
    }

    /** utime + stime of a process, fields 14 and 15. */
    private static long processTime(Path stat) throws IOException {
        if (!Files.exists(stat)) {
            return 0;
        }
        String[] fields = statFields(stat);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * The fields of a {@code /proc/<pid>/stat} from the third (the state) on, so field k of proc(5) is at k - 3; the
     * process name before them may hold spaces, so they are counted after its ')'.
     */
    public static String[] statFields(Path stat) throws IOException {
        String text = Files.readString(stat);
        return text.substring(text.lastIndexOf(')') + 2).trim().split("\\s+");
    }
}
