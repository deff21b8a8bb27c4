package io.jnnunet.api;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to another thread, with its failure rethrown as the caller's own. */
public final class Futures {

    private Futures() {
    }

    /**
     * The future's value. What the work threw comes back as it was (an {@link IOException}, a
     * {@link RuntimeException} or an {@link Error}); anything else is wrapped in an {@link IOException} naming
     * {@code what}.
     *
     * @throws InterruptedIOException when the waiting thread is interrupted (its interrupt flag is set again)
     */
    public static <T> T await(Future<T> future, String what) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for " + what);
            interrupted.initCause(e);
            throw interrupted;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(what + ": " + cause, cause);
        }
    }
}
