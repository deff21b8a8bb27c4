package io.jnnunet.shell.internal;

import io.jnnunet.api.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints progress as lines a person can follow in a terminal or a log: at most one line per second per task, and
 * always the last one, with the elapsed time and an estimate of the time left.
 */
final class ConsoleProgress implements ProgressListener {

    private final PrintStream out;
    private String task;
    private long taskStart;
    private long lastPrint;

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void update(String task, long done, long total) {
        long now = System.nanoTime();
        if (!task.equals(this.task)) {
            this.task = task;
            taskStart = now;
            lastPrint = 0;
        }
        if (done < total && now - lastPrint < 1_000_000_000L) {
            return;
        }
        lastPrint = now;
        double elapsed = (now - taskStart) / 1e9;
        String left = done > 0 && done < total
                ? String.format(Locale.ROOT, ", about %s left", Formats.duration(elapsed / done * (total - done)))
                : "";
        out.printf(Locale.ROOT, "%s: %d/%d (%.0f%%), %s%s%n", task, done, total, total == 0 ? 100.0
                : 100.0 * done / total, Formats.duration(elapsed), left);
        out.flush();
    }
}
