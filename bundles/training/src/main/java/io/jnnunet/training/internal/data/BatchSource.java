package io.jnnunet.training.internal.data;

/** A stream of batches produced ahead by background threads; {@link #close()} stops the threads. */
public interface BatchSource extends AutoCloseable {

    /**
     * The next batch, waiting for one when none is ready.
     *
     * @throws IllegalStateException when the source is closed or a loader thread failed (the failure is the cause)
     */
    Batch next() throws InterruptedException;

    /**
     * Optionally hands a batch's arrays back for reuse by later batches, once the caller has copied them (e.g. into
     * tensors) and no longer reads them; without it every batch gets new arrays.
     */
    default void recycle(Batch batch) {
    }

    /** Stops and joins the loader threads; batches not taken are dropped. */
    @Override
    void close();
}
