package io.jnnunet.api;

import java.util.List;
import java.util.Optional;

/**
 * The job queue: {@link JobSpec}s in, {@link JobInfo}s out. Jobs run one after another by default, each by the
 * {@link JobRunner} of its type. Every change of a job is published on Event Admin under
 * {@value #TOPIC_PREFIX}{@code <KIND>} ({@code QUEUED}, {@code STARTED}, {@code PROGRESS}, {@code MESSAGE},
 * {@code EPOCH}, {@code FINISHED}, {@code FAILED}, {@code CANCELLED}) with the properties {@value #JOB_ID},
 * {@value #JOB_TYPE}, {@value #STATE}, {@value #PROGRESS} and, where they apply, {@value #MESSAGE} and the epoch's
 * numbers ({@code epoch}, {@code epochs}, {@code train_loss}, {@code val_loss}, {@code pseudo_dice},
 * {@code ema_pseudo_dice}, {@code epoch_seconds}).
 */
public interface JobManager {

    String TOPIC_PREFIX = "io/jnnunet/job/";
    /** Every job topic, for an Event Admin handler's {@code event.topics}. */
    String TOPIC_ALL = TOPIC_PREFIX + "*";
    String JOB_ID = "job.id";
    String JOB_TYPE = "job.type";
    String STATE = "state";
    String PROGRESS = "progress";
    String MESSAGE = "message";

    /**
     * Queues a job and returns at once; the job, its state and its log are stored and survive a restart.
     *
     * @param owner who submits it (the server's user), or {@code null} for the shell and the system
     * @throws IllegalArgumentException naming the problem when no runner of the spec's type is installed or its
     *     request does not fit the runner's request record
     * @throws QueueFullException when as many jobs wait as the queue holds
     */
    JobInfo submit(JobSpec spec, String owner);

    /** {@link #submit(JobSpec, String)} without an owner. */
    default JobInfo submit(JobSpec spec) {
        return submit(spec, null);
    }

    /** Queues a job from a request record of the installed runner, written as the spec's JSON at its version. */
    JobInfo submit(String type, Object request);

    /** How many queued jobs may wait before {@link #submit} refuses more ({@link QueueFullException}). */
    int queueLimit();

    /** Every job, the newest last. */
    List<JobInfo> jobs();

    Optional<JobInfo> job(String id);

    /**
     * A job's whole log, oldest line first ({@link JobInfo#lastLines()} holds only the last ones); empty for an
     * unknown id.
     */
    Optional<List<String>> log(String id);

    /** Asks a queued or running job to stop; false when no such job is queued or running. */
    boolean cancel(String id);
}
