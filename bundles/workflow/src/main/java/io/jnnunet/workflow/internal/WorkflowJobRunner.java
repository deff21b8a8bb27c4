package io.jnnunet.workflow.internal;

import io.jnnunet.api.JobRunner;
import io.jnnunet.api.ProgressListener;
import java.io.IOException;
import java.util.function.Function;

/**
 * A job type run by one workflow service: the subclasses are the DS components, one per type (property
 * {@value JobRunner#TYPE}), and only wire their workflow in.
 */
abstract class WorkflowJobRunner<R> implements JobRunner<R> {

    /** The workflow's one method. */
    @FunctionalInterface
    interface Step<R> {
        Object run(R request, ProgressListener progress) throws IOException;
    }

    private final String type;
    private final Class<R> requestType;
    private final Step<R> step;
    private final Function<R, String> description;

    WorkflowJobRunner(String type, Class<R> requestType, Step<R> step, Function<R, String> description) {
        this.type = type;
        this.requestType = requestType;
        this.step = step;
        this.description = description;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Class<R> requestType() {
        return requestType;
    }

    @Override
    public String describe(R request) {
        return description.apply(request);
    }

    @Override
    public Object run(R request, ProgressListener progress) throws IOException {
        return step.run(request, progress);
    }
}
