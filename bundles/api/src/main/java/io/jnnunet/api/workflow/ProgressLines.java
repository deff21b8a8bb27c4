package io.jnnunet.api.workflow;

import io.jnnunet.api.Durations;
import io.jnnunet.api.EpochReport;
import io.jnnunet.api.ProgressListener;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Progress as lines a person can follow in a terminal or a log: messages as they come, at most one progress line per
 * second per task (and always the last one) with the elapsed time and an estimate of the time left, and one line per
 * training epoch. The shell's console and a job's last lines read the same.
 */
public final class ProgressLines implements ProgressListener {

    private final Consumer<String> out;
    private final BooleanSupplier cancelled;
    private String task;
    private long taskStart;
    private long lastPrint;

    /** Lines to {@code out}; never cancels. */
    public ProgressLines(Consumer<String> out) {
        this(out, () -> false);
    }

    /** Lines to {@code out}; the work stops when {@code cancelled} says so. */
    public ProgressLines(Consumer<String> out, BooleanSupplier cancelled) {
        this.out = out;
        this.cancelled = cancelled;
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
                ? String.format(Locale.ROOT, ", about %s left", Durations.format(elapsed / done * (total - done))) : "";
        out.accept(String.format(Locale.ROOT, "%s: %d/%d (%.0f%%), %s%s", task, done, total,
                total == 0 ? 100.0 : 100.0 * done / total, Durations.format(elapsed), left));
    }

    @Override
    public void message(String line) {
        out.accept(line);
    }

    @Override
    public void epochDone(EpochReport r) {
        out.accept(r.line());
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }

}
