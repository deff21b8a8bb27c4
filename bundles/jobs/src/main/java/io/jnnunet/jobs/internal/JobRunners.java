package io.jnnunet.jobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.jnnunet.api.JobRunner;
import io.jnnunet.api.JobSpec;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The installed {@link JobRunner}s by type, and what a spec becomes with the runner of its type: its description, its
 * run, its units and their merged result. The spec's request is read again each time, as the runner's record: an
 * updated runner has a new record class.
 */
final class JobRunners {

    private final ObjectMapper mapper;
    private final NamedServices<JobRunner<?>> runners =
            new NamedServices<>("job runner", JobRunner.TYPE, JobRunner::type);
    /** Notified when a runner is added or a waiter should look again. */
    private final Object changed = new Object();

    JobRunners(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void add(JobRunner<?> runner, Map<String, Object> properties) {
        runners.add(runner, properties);
        wakeUp();
    }

    void remove(JobRunner<?> runner) {
        runners.remove(runner);
    }

    /** Wakes those that {@link #await} a runner, to look at their stop condition again. */
    void wakeUp() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** The version the installed runner of the type writes, 1 without one. */
    int version(String type) {
        return runners.get(type).map(JobRunner::version).orElse(1);
    }

    /** Waits up to the timeout for a runner of the type, or until {@code stop} says so. */
    void await(String type, long timeoutSeconds, BooleanSupplier stop) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        synchronized (changed) {
            while (runners.get(type).isEmpty() && !stop.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    String describe(JobSpec spec) {
        return describe(runner(spec.type()), spec);
    }

    /** Runs the spec's request, or with {@code resumed} its runner's resumed request; its result as JSON. */
    JsonNode run(JobSpec spec, boolean resumed, ProgressListener listener) throws Exception {
        return mapper.valueToTree(run(runner(spec.type()), spec, resumed, listener));
    }

    /** The spec's units as specs of its type at the runner's version, for the given number of workers. */
    List<JobSpec> units(JobSpec spec, int workers) throws Exception {
        return units(runner(spec.type()), spec, workers);
    }

    /** The job's result from its units' results, as JSON. */
    JsonNode merge(JobSpec spec, List<JsonNode> results) throws Exception {
        return merge(runner(spec.type()), spec, results);
    }

    private JobRunner<?> runner(String type) {
        return runners.get(type).orElseThrow(() -> new IllegalArgumentException("no job runner of type '" + type
                + "' is installed; installed: " + runners.names()));
    }

    private <R> String describe(JobRunner<R> runner, JobSpec spec) {
        return runner.describe(request(runner, spec));
    }

    private <R> Object run(JobRunner<R> runner, JobSpec spec, boolean resumed, ProgressListener listener)
            throws Exception {
        R request = request(runner, spec);
        return runner.run(resumed ? runner.resumed(request) : request, listener);
    }

    private <R> List<JobSpec> units(JobRunner<R> runner, JobSpec spec, int workers) throws Exception {
        List<JobSpec> units = new ArrayList<>();
        for (R unit : runner.units(request(runner, spec), Math.max(1, workers))) {
            units.add(new JobSpec(spec.type(), runner.version(), mapper.valueToTree(unit)));
        }
        return units;
    }

    private <R> JsonNode merge(JobRunner<R> runner, JobSpec spec, List<JsonNode> results) throws Exception {
        return mapper.valueToTree(runner.merge(request(runner, spec), results));
    }

    private <R> R request(JobRunner<R> runner, JobSpec spec) {
        if (spec.version() > runner.version()) {
            throw new IllegalArgumentException("job type '" + spec.type() + "': request version " + spec.version()
                    + " is newer than the installed runner reads (" + runner.version() + ")");
        }
        try {
            return mapper.treeToValue(spec.request(), runner.requestType());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("job type '" + spec.type() + "': the request does not fit "
                    + runner.requestType().getSimpleName() + ": " + reason(e), e);
        }
    }

    /** Jackson's complaint, with the key it is about. */
    private static String reason(Exception e) {
        if (!(e instanceof JsonMappingException m)) {
            return e.getMessage();
        }
        String key = m.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
        String what;
        if (m instanceof UnrecognizedPropertyException u) {
            what = "unknown key; the known ones are "
                    + u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
        } else if (m instanceof ValueInstantiationException && m.getCause() != null) {
            // the record's constructor refused the values
            what = m.getCause().getMessage();
        } else {
            what = m.getOriginalMessage().lines().findFirst().orElse("");
        }
        return key.isEmpty() ? what : "key \"" + key + "\": " + what;
    }
}
