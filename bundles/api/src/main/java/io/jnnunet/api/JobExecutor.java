package io.jnnunet.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs a {@link JobSpec} in this process with the installed {@link JobRunner} of its type, as the job queue runs its
 * own jobs: how a worker node runs the units a cluster hands it.
 */
public interface JobExecutor {

    /**
     * @throws IllegalArgumentException naming the problem when no runner of the spec's type is installed or the
     *     request does not fit its record
     */
    String describe(JobSpec spec);

    /**
     * Runs the spec, blocking.
     *
     * @param resumed the spec ran before and stopped unfinished (its node died): its runner's
     *     {@link JobRunner#resumed} request runs
     * @return the runner's result as JSON, {@code null} for none
     */
    JsonNode run(JobSpec spec, boolean resumed, ProgressListener progress) throws Exception;
}
