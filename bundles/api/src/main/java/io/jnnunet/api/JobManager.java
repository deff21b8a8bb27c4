package io.jnnunet.api;

import java.util.List;
import java.util.Optional;

/** Runs long work (training, prediction of a folder) in the background, one job after another by default. */
public interface JobManager {

    /** The work of a job. */
    @FunctionalInterface
    interface Work {
        void run(Context context) throws Exception;
    }

    /** What a running job sees of its manager. */
    interface Context {
        /** A progress line for {@code nnunet:jobs} and the log. */
        void progress(String line);

        /** True once the job was cancelled: the work should stop soon, leaving consistent files behind. */
        boolean cancelled();
    }

    /** Queues a job and returns at once. */
    JobInfo submit(String description, Work work);

    /** Every job since start, the newest last. */
    List<JobInfo> jobs();

    Optional<JobInfo> job(String id);

    /** Asks a queued or running job to stop; false when no such job is queued or running. */
    boolean cancel(String id);
}
