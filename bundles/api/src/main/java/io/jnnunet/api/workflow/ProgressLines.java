package io.jnnunet.api.workflow;

import io.jnnunet.api.EpochReport;
import io.jnnunet.api.ProgressListener;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

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
                ? String.format(Locale.ROOT, ", about %s left", duration(elapsed / done * (total - done))) : "";
        out.accept(String.format(Locale.ROOT, "%s: %d/%d (%.0f%%), %s%s", task, done, total,
                total == 0 ? 100.0 : 100.0 * done / total, duration(elapsed), left));
    }

    @Override
    public void message(String line) {
        out.accept(line);
    }

    @Override
    public void epochDone(EpochReport r) {
        double left = r.epochSeconds() * (r.epochs() - r.epoch() - 1);
        out.accept(String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f, val loss %.4f, pseudo Dice [%s], EMA"
                + " %.4f%s, lr %.5f, %s per epoch, about %s left", r.epoch() + 1, r.epochs(), r.trainLoss(),
                r.validationLoss(), Arrays.stream(r.pseudoDice()).mapToObj(d -> String.format(Locale.ROOT, "%.4f", d))
                        .collect(Collectors.joining(", ")), r.emaPseudoDice(), r.newBest() ? " (new best)" : "",
                r.learningRate(), duration(r.epochSeconds()), duration(left)));
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }

    /** Seconds as {@code 4.2 s}, {@code 3 min 12 s} or {@code 2 h 05 min}. */
    public static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
