package io.jnnunet.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Runs the units of jobs on the nodes of a cluster: the job manager of a head node hands every job to it, cut into
 * units by its runner ({@link JobRunner#units}), instead of running it in its own process. Units are independent
 * (a fold, a batch of cases) and run at once on different nodes; their progress, messages and epochs come back to the
 * job's listener.
 */
public interface JobDispatcher {

    /** The nodes that take units now, at least 1: a job is cut into units for them. */
    int workers();

    /**
     * Sends a job's units and returns at once. A job sent again with {@code resumed} (the head stopped while it ran)
     * takes up the units it sent before, their ends included, and sends none twice.
     *
     * @param units the job's units as specs of its type, in the order of {@link JobRunner#units}
     * @return completes once every unit ended: with their results in the order of the units; exceptionally with
     *     {@link java.util.concurrent.CancellationException} after {@link #cancel}, with {@link Stopped} when this
     *     dispatcher stops first (the units go on; the job is to be sent again, resumed), or with an exception whose
     *     message gives each failed unit's errors
     */
    CompletionStage<List<JsonNode>> dispatch(String jobId, List<JobSpec> units, boolean resumed,
            ProgressListener progress);

    /** Drops the job's units that wait and asks the running ones to stop; false for a job it does not follow. */
    boolean cancel(String jobId);

    /** The dispatcher stopped before a job's units ended; they go on where they run. */
    final class Stopped extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        public Stopped(String message) {
            super(message);
        }
    }
}
