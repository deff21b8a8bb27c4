package io.jnnunet.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Runs the jobs of one type. Registered with the property {@value #TYPE}; the job manager picks the runner of a
 * spec's type when the job starts (the highest-ranked one), turns the spec's JSON into {@link #requestType()} and
 * stores what {@link #run} returns as the job's result.
 *
 * @param <R> the request record
 */
public interface JobRunner<R> {

    /** Service property: the job type this runner runs. */
    String TYPE = "job.type";

    String type();

    /** The newest request format version this runner reads. */
    default int version() {
        return 1;
    }

    Class<R> requestType();

    /** A line that says what the job does, for job lists ({@code train Dataset001_Cells 2d fold 0}). */
    String describe(R request);

    /**
     * The request to run again when the process stopped while this job ran (killed, or the job queue stopped): a
     * runner whose work can continue where it stopped says so in the request (a training continues from its
     * {@code checkpoint_latest}); by default the job runs again from its start.
     */
    default R resumed(R request) {
        return request;
    }

    /**
     * The parts of a job that may run at once on different nodes of a cluster ({@link JobDispatcher}), each a request
     * of this runner: the batches of a folder's cases, say. A node on its own runs the whole request instead. By
     * default a job is one unit.
     *
     * @param workers the nodes that take units now, at least 1
     * @throws Exception naming the problem when the job cannot be cut (its input folder is missing, say)
     */
    default List<R> units(R request, int workers) throws Exception {
        return List.of(request);
    }

    /**
     * The job's result from its units' results, in the order of {@link #units}; by default the one unit's result,
     * or the list of them.
     *
     * @throws Exception naming the unit result that does not fit
     */
    default Object merge(R request, List<JsonNode> results) throws Exception {
        return results.size() == 1 ? results.get(0) : results;
    }

    /**
     * Runs the job, blocking; progress, messages and epochs go to the listener, which also says when the job was
     * cancelled.
     *
     * @return the result, a record that Jackson writes as JSON, or {@code null}
     */
    Object run(R request, ProgressListener progress) throws Exception;
}
