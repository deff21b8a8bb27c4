package io.jnnunet.jobs.internal;

import io.jnnunet.api.JobRunner;
import io.jnnunet.api.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A job that counts its runs in the file {@code runs} of its folder, one line a run ({@code <name>} or
 * {@code <name> resumed}), so that runs in a killed process count too. A blocking one waits, as a training does, until
 * it is asked to stop (or the process is killed) and returns then; a resumed one does not block.
 */
final class WorkRunner implements JobRunner<WorkRunner.Work> {

    static final String TYPE = "work";
    static final String WAITING = "waits until it is stopped";

    /**
     * @param lines lines it logs after its first one
     * @param block waits, unless resumed, until it is asked to stop
     * @param fail throws instead of returning
     */
    public record Work(String name, String folder, int lines, boolean block, boolean fail, boolean resumed) {
    }

    public record Done(String name, boolean resumed) {
    }

    static Work work(String name, Path folder) {
        return new Work(name, folder.toString(), 0, false, false, false);
    }

    static Work blocking(String name, Path folder, int lines) {
        return new Work(name, folder.toString(), lines, true, false, false);
    }

    static Work failing(String name, Path folder) {
        return new Work(name, folder.toString(), 0, false, true, false);
    }

    /** The runs so far, oldest first. */
    static List<String> runs(Path folder) throws IOException {
        Path runs = folder.resolve("runs");
        return Files.exists(runs) ? Files.readAllLines(runs) : List.of();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<Work> requestType() {
        return Work.class;
    }

    @Override
    public String describe(Work request) {
        return TYPE + " " + request.name();
    }

    @Override
    public Work resumed(Work request) {
        return new Work(request.name(), request.folder(), request.lines(), request.block(), request.fail(), true);
    }

    @Override
    public Object run(Work request, ProgressListener progress) throws Exception {
        String run = request.name() + (request.resumed() ? " resumed" : "");
        Files.writeString(Path.of(request.folder()).resolve("runs"), run + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        progress.message("run " + run);
        for (int i = 1; i <= request.lines(); i++) {
            progress.message(run + " line " + i);
        }
        if (request.fail()) {
            throw new IllegalStateException(run + " failed");
        }
        if (request.block() && !request.resumed()) {
            progress.update("half", 1, 2);
            progress.message(WAITING);
            while (!progress.cancelled()) {
                Thread.sleep(5);
            }
            return null;
        }
        return new Done(request.name(), request.resumed());
    }
}
