package io.jnnunet.api;

/**
 * The job queue refused a job because this node takes no jobs of its own: it is a worker of a cluster, whose head
 * takes the jobs and sends their units here.
 */
public class JobsElsewhereException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public JobsElsewhereException(String message) {
        super(message);
    }
}
