package io.jnnunet.workflow.internal;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stage service that may be missing (its feature not installed), bound through an optional, dynamic, greedy
 * reference: DS binds the highest-ranked one and swaps it when a higher-ranked one appears. A caller takes the
 * service once per run and keeps that instance until the run is done.
 *
 * @param <T> the service type
 */
final class StageService<T> {

    private final AtomicReference<T> service = new AtomicReference<>();
    private final String missing;

    /** @param missing the error when it is missing: {@code no predictor is installed (feature jnnunet-inference)} */
    StageService(String missing) {
        this.missing = missing;
    }

    void set(T bound) {
        service.set(bound);
    }

    /** Unbinds {@code unbound} unless another one was bound meanwhile (DS binds the new one first). */
    void unset(T unbound) {
        service.compareAndSet(unbound, null);
    }

    Optional<T> get() {
        return Optional.ofNullable(service.get());
    }

    /** @throws IllegalStateException naming the feature that installs it, when it is missing */
    T require() {
        return get().orElseThrow(() -> new IllegalStateException(missing));
    }
}
