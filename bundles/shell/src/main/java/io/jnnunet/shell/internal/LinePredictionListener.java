package io.jnnunet.shell.internal;

import io.jnnunet.api.ProgressListener;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** A prediction's messages and progress as lines for the console or a background job. */
final class LinePredictionListener implements ProgressListener {

    private final Consumer<String> out;
    private final ConsoleProgress progress;
    private final BooleanSupplier cancelled;

    LinePredictionListener(Consumer<String> out, BooleanSupplier cancelled) {
        this.out = out;
        this.progress = new ConsoleProgress(out);
        this.cancelled = cancelled;
    }

    @Override
    public void message(String line) {
        out.accept(line);
    }

    @Override
    public void update(String task, long done, long total) {
        progress.update(task, done, total);
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }
}
