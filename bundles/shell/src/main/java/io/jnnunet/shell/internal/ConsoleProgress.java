package io.jnnunet.shell.internal;

import io.jnnunet.api.ProgressListener;
import java.io.PrintStream;
import java.util.function.Consumer;
import java.util.Locale;

/**
 * Prints progress as lines a person can follow in a terminal or a log: at most one line per second per task, and
 * always the last one, with the elapsed time and an estimate of the time left.
 */
final class ConsoleProgress implements ProgressListener {

    private final Consumer<String> out;
    private String task;
    private long taskStart;
    private long lastPrint;

    ConsoleProgress(PrintStream out) {
        this(line -> {
            out.println(line);
            out.flush();
        });
    }

    /** Progress as lines for a consumer, e.g. a background job's progress. */
    ConsoleProgress(Consumer<String> out) {
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
        out.accept(String.format(Locale.ROOT, "%s: %d/%d (%.0f%%), %s%s", task, done, total, total == 0 ? 100.0
                : 100.0 * done / total, Formats.duration(elapsed), left));
    }
}
