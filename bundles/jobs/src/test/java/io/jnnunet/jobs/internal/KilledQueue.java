package io.jnnunet.jobs.internal;

import io.jnnunet.api.JobRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The process {@link JobRestartTest} kills: a job queue on the database in the folder of its argument with three jobs,
 * the first finished, the second running (it blocks), the third queued. It writes the file {@code ready} when they are
 * so, and then waits to be killed.
 */
public final class KilledQueue {

    private KilledQueue() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        QueuedJobManager manager = new QueuedJobManager(TestConfig.of(1, TestConfig.url(folder), 100),
                TestConfig.standalone());
        manager.addRunner(new WorkRunner(), Map.of(JobRunner.TYPE, WorkRunner.TYPE));
        manager.submit(WorkRunner.TYPE, WorkRunner.work("finished", folder));
        String training = manager.submit(WorkRunner.TYPE, WorkRunner.blocking("training", folder, 25)).id();
        manager.submit(WorkRunner.TYPE, WorkRunner.work("queued", folder));
        while (!WorkRunner.WAITING.equals(manager.job(training).orElseThrow().message())) {
            Thread.sleep(5);
        }
        Files.createFile(folder.resolve("ready"));
        Thread.sleep(Long.MAX_VALUE);
    }
}
