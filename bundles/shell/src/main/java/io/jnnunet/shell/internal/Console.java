package io.jnnunet.shell.internal;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.workflow.ProgressLines;
import java.io.PrintStream;

/** What the commands share: progress on the console, and jobs for {@code --background}. */
final class Console {

    private Console() {
    }

    /** Progress lines on the session's console; Ctrl-C (an interrupt) cancels the work. */
    static ProgressListener progress() {
        PrintStream out = System.out;
        return new ProgressLines(line -> {
            out.println(line);
            out.flush();
        }, () -> Thread.currentThread().isInterrupted());
    }

    /** Queues a workflow request as a job of its type. */
    static JobInfo submit(JobManager jobs, String type, Object request) {
        if (jobs == null) {
            throw new IllegalStateException("no job manager is installed (feature jnnunet-jobs)");
        }
        return jobs.submit(type, request);
    }
}
