package io.jnnunet.workflow.internal;

/** A request's number of workers; {@code null} means the number of cores of the machine that runs it. */
final class Workers {

    private Workers() {
    }

    static int orCores(Integer workers) {
        return workers != null ? workers : Runtime.getRuntime().availableProcessors();
    }
}
