package io.jnnunet.api;

/**
 * The job queue refused a job: as many jobs wait as it holds ({@code queue_size} of the job queue's configuration).
 * A client may submit again after {@link #retryAfterSeconds()}, as an HTTP {@code Retry-After} says.
 */
public class QueueFullException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    public QueueFullException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** An estimate of the seconds until a place in the queue is free, at least 1. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
