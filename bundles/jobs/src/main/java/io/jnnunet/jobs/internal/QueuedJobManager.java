package io.jnnunet.jobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.jnnunet.api.EpochReport;
import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobInfo.State;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.JobRunner;
import io.jnnunet.api.JobSpec;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.NnunetJson;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link JobSpec}s on worker threads, one at a time by default (a training takes every core). Each job runs with
 * the {@link JobRunner} of its type that is installed when it starts, so a job queued before its runner's bundle was
 * updated runs with the new one. Jobs are kept in memory; ids are increasing numbers.
 *
 * <p>With Event Admin installed, every change of a job is posted on {@value JobManager#TOPIC_PREFIX}{@code <KIND>},
 * each event with {@value JobManager#JOB_ID}, {@value JobManager#JOB_TYPE}, {@value JobManager#STATE} (the
 * {@link State}'s name), {@value JobManager#PROGRESS} (0..1) and {@value JobManager#MESSAGE} (the last line) once
 * there is one:
 * <ul>
 * <li>{@code QUEUED}: submitted;</li>
 * <li>{@code STARTED}: its runner starts;</li>
 * <li>{@code PROGRESS}: a task advanced, {@code message} is {@code "<task> <done>/<total>"}; at most one per percent
 *     of progress or per second (a prediction reports every tile);</li>
 * <li>{@code MESSAGE}: a line of the job's log;</li>
 * <li>{@code EPOCH}: a training epoch ended; {@code message} is its log line, and the numbers: {@code epoch}
 *     (0-based, as nnU-Net counts), {@code epochs}, {@code train_loss}, {@code val_loss}, {@code pseudo_dice}
 *     ({@code double[]}, one per foreground class), {@code ema_pseudo_dice}, {@code learning_rate},
 *     {@code epoch_seconds}, {@code new_best};</li>
 * <li>{@code FINISHED}: the runner returned; its result is in {@link JobInfo#result()};</li>
 * <li>{@code FAILED}: the runner threw, {@code message} is the error;</li>
 * <li>{@code CANCELLED}: cancelled while queued, or the runner returned after a cancel.</li>
 * </ul>
 */
@Component(service = JobManager.class, immediate = true, configurationPid = QueuedJobManager.PID)
@Designate(ocd = QueuedJobManager.Config.class)
public class QueuedJobManager implements JobManager {

    static final String PID = "io.jnnunet.jobs";

    @ObjectClassDefinition(name = "jnnunet jobs", description = "The background job queue")
    public @interface Config {
        @AttributeDefinition(description = "Jobs that run at the same time")
        int parallel() default 1;
    }

    private static final Logger LOG = LoggerFactory.getLogger(QueuedJobManager.class);
    private static final int KEPT_LINES = 20;
    private static final long PROGRESS_EVENT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long STOP_SECONDS = 30;

    private final ObjectMapper mapper = new NnunetJson().mapper();
    private final NamedServices<JobRunner<?>> runners =
            new NamedServices<>("job runner", JobRunner.TYPE, JobRunner::type);
    private final AtomicReference<EventAdmin> events = new AtomicReference<>();
    /** Every job in the order of submission; guarded by itself. */
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ThreadPoolExecutor workers;

    @Activate
    public QueuedJobManager(Config config) {
        int parallel = parallel(config);
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(parallel, parallel, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "jnnunet-job-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * A new number of workers, without touching a running job: a pool that grows starts queued jobs at once, one that
     * shrinks lets its surplus workers end with the jobs they run.
     */
    @Modified
    void modified(Config config) {
        int parallel = parallel(config);
        if (parallel == workers.getMaximumPoolSize()) {
            return;
        }
        // the core size may never exceed the maximum, so the order depends on the direction
        if (parallel > workers.getMaximumPoolSize()) {
            workers.setMaximumPoolSize(parallel);
            workers.setCorePoolSize(parallel);
        } else {
            workers.setCorePoolSize(parallel);
            workers.setMaximumPoolSize(parallel);
        }
        LOG.info("jobs: {} at the same time", parallel);
    }

    /**
     * Cancels every job and waits for the running ones. They are interrupted only after that wait: a cancelled
     * training still writes its checkpoint, which an interrupt would break (it closes the file's channel).
     */
    @Deactivate
    void deactivate() throws InterruptedException {
        snapshot().forEach(Job::cancel);
        workers.shutdown();
        if (!workers.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("jobs still running {} s after they were cancelled; interrupting them", STOP_SECONDS);
            workers.shutdownNow();
        }
    }

    private static int parallel(Config config) {
        if (config.parallel() < 1) {
            LOG.warn("{}: parallel must be at least 1, got {}; running one job at a time", PID, config.parallel());
            return 1;
        }
        return config.parallel();
    }

    @Reference(service = JobRunner.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeRunner")
    void addRunner(JobRunner<?> runner, Map<String, Object> properties) {
        runners.add(runner, properties);
    }

    void removeRunner(JobRunner<?> runner) {
        runners.remove(runner);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeEventAdmin")
    void addEventAdmin(EventAdmin eventAdmin) {
        events.set(eventAdmin);
    }

    void removeEventAdmin(EventAdmin eventAdmin) {
        events.compareAndSet(eventAdmin, null);
    }

    @Override
    public JobInfo submit(JobSpec spec) {
        String description = describe(runner(spec.type()), spec);
        Job job;
        synchronized (jobs) {
            job = new Job(Long.toString(ids.incrementAndGet()), spec, description);
            jobs.put(job.id, job);
        }
        job.publish("QUEUED", Map.of());
        try {
            workers.execute(job);
        } catch (RejectedExecutionException e) {
            job.end(State.CANCELLED, null, "the job queue is stopping");
            throw new IllegalStateException("job " + job.id + " (" + description + ") not queued: the job queue is"
                    + " stopping", e);
        }
        return job.info();
    }

    /** The record is the runner's own, so its JSON is in the format of the runner's version. */
    @Override
    public JobInfo submit(String type, Object request) {
        int version = runners.get(type).map(JobRunner::version).orElse(1);
        return submit(new JobSpec(type, version, mapper.valueToTree(request)));
    }

    @Override
    public List<JobInfo> jobs() {
        return snapshot().stream().map(Job::info).toList();
    }

    @Override
    public Optional<JobInfo> job(String id) {
        Job job;
        synchronized (jobs) {
            job = jobs.get(id);
        }
        return Optional.ofNullable(job).map(Job::info);
    }

    @Override
    public boolean cancel(String id) {
        Job job;
        synchronized (jobs) {
            job = jobs.get(id);
        }
        return job != null && job.cancel();
    }

    private List<Job> snapshot() {
        synchronized (jobs) {
            return List.copyOf(jobs.values());
        }
    }

    private JobRunner<?> runner(String type) {
        return runners.get(type).orElseThrow(() -> new IllegalArgumentException("no job runner of type '" + type
                + "' is installed; installed: " + runners.names()));
    }

    private <R> String describe(JobRunner<R> runner, JobSpec spec) {
        return runner.describe(request(runner, spec));
    }

    private <R> Object run(JobRunner<R> runner, JobSpec spec, ProgressListener listener) throws Exception {
        return runner.run(request(runner, spec), listener);
    }

    /** The spec's request as the runner's record, read again at start: an updated runner has a new record class. */
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

    /** One job: its state, and the listener its runner reports to. Events are posted outside its lock. */
    private final class Job implements Runnable, ProgressListener {
        final String id;
        final JobSpec spec;
        final String description;
        final Instant submitted = Instant.now();
        private volatile boolean cancelRequested;
        // guarded by this
        private State state = State.QUEUED;
        private double progress;
        private String message;
        private Instant started;
        private Instant finished;
        private String error;
        private JsonNode result;
        private final Deque<String> lines = new ArrayDeque<>();
        private int publishedPercent = -1;
        private long publishedAt;

        Job(String id, JobSpec spec, String description) {
            this.id = id;
            this.spec = spec;
            this.description = description;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (state != State.QUEUED) {
                    return;
                }
                state = State.RUNNING;
                started = Instant.now();
            }
            LOG.info("job {} ({}) started", id, description);
            publish("STARTED", Map.of());
            try {
                Object value = QueuedJobManager.this.run(runner(spec.type()), spec, this);
                if (cancelRequested) {
                    end(State.CANCELLED, null, null);
                } else {
                    end(State.FINISHED, mapper.valueToTree(value), null);
                }
            } catch (Exception | Error e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                if (cancelRequested) {
                    LOG.info("job {} ({}) cancelled: {}", id, description, why);
                    end(State.CANCELLED, null, why);
                } else {
                    LOG.error("job {} ({}) failed", id, description, e);
                    end(State.FAILED, null, why);
                }
            }
        }

        void end(State ended, JsonNode value, String why) {
            synchronized (this) {
                state = ended;
                result = value;
                error = why;
                finished = Instant.now();
            }
            if (ended != State.FAILED) {
                LOG.info("job {} ({}) {}", id, description, ended.name().toLowerCase(Locale.ROOT));
            }
            publish(ended.name(), why == null ? Map.of() : Map.of(MESSAGE, why));
        }

        /** A queued job ends at once; a running one is asked to stop and ends when its runner returns. */
        boolean cancel() {
            boolean queued;
            synchronized (this) {
                if (state.ended()) {
                    return false;
                }
                if (cancelRequested) {
                    return true;
                }
                cancelRequested = true;
                queued = state == State.QUEUED;
                if (queued) {
                    state = State.CANCELLED;
                    finished = Instant.now();
                }
            }
            if (queued) {
                // a worker that took it meanwhile finds it cancelled and leaves it
                workers.remove(this);
                LOG.info("job {} ({}) cancelled before it started", id, description);
                publish(State.CANCELLED.name(), Map.of());
            } else {
                message("cancel requested");
            }
            return true;
        }

        @Override
        public void update(String task, long done, long total) {
            boolean due;
            synchronized (this) {
                if (total > 0) {
                    progress = Math.min(1, (double) done / total);
                }
                message = task + " " + done + "/" + total;
                int percent = (int) (progress * 100);
                long now = System.nanoTime();
                due = percent != publishedPercent || now - publishedAt >= PROGRESS_EVENT_NANOS;
                if (due) {
                    publishedPercent = percent;
                    publishedAt = now;
                }
            }
            if (due) {
                publish("PROGRESS", Map.of());
            }
        }

        @Override
        public void message(String line) {
            log(line);
            publish("MESSAGE", Map.of());
        }

        @Override
        public void epochDone(EpochReport r) {
            log(r.line());
            synchronized (this) {
                if (r.epochs() > 0) {
                    progress = Math.min(1, (r.epoch() + 1) / (double) r.epochs());
                }
            }
            publish("EPOCH", Map.of("epoch", r.epoch(), "epochs", r.epochs(), "train_loss", r.trainLoss(),
                    "val_loss", r.validationLoss(), "pseudo_dice", r.pseudoDice().clone(),
                    "ema_pseudo_dice", r.emaPseudoDice(), "learning_rate", r.learningRate(),
                    "epoch_seconds", r.epochSeconds(), "new_best", r.newBest()));
        }

        @Override
        public boolean cancelled() {
            return cancelRequested || Thread.currentThread().isInterrupted();
        }

        private void log(String line) {
            LOG.info("job {}: {}", id, line);
            synchronized (this) {
                message = line;
                lines.addLast(line);
                while (lines.size() > KEPT_LINES) {
                    lines.removeFirst();
                }
            }
        }

        void publish(String kind, Map<String, Object> extra) {
            EventAdmin eventAdmin = events.get();
            if (eventAdmin == null) {
                return;
            }
            Map<String, Object> properties = new HashMap<>();
            synchronized (this) {
                properties.put(JOB_ID, id);
                properties.put(JOB_TYPE, spec.type());
                properties.put(STATE, state.name());
                properties.put(PROGRESS, progress);
                if (message != null) {
                    properties.put(MESSAGE, message);
                }
            }
            properties.putAll(extra);
            eventAdmin.postEvent(new Event(TOPIC_PREFIX + kind, properties));
        }

        synchronized JobInfo info() {
            return new JobInfo(id, spec, description, state, progress, message, submitted, started, finished, error,
                    result, List.copyOf(lines));
        }
    }
}
