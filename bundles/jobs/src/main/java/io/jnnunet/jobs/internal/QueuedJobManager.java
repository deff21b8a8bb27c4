package io.jnnunet.jobs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.EpochReport;
import io.jnnunet.api.JobDispatcher;
import io.jnnunet.api.JobExecutor;
import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobInfo.State;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.JobRunner;
import io.jnnunet.api.JobSpec;
import io.jnnunet.api.JobsElsewhereException;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.api.QueueFullException;
import io.jnnunet.formats.NnunetJson;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
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
 * updated runs with the new one. Ids are increasing numbers.
 *
 * <p>Jobs, their state, results and whole logs are stored in an embedded H2 database ({@link JobStore},
 * {@code jdbc.url}), each change in one transaction that is in the file before the job goes on (progress at most once a
 * second), so that they survive a restart and a kill:
 * <ul>
 * <li>at the start, every stored job is listed again as it was and the ids go on after the highest;</li>
 * <li>a job that was running when the process stopped is queued first, with the log line
 *     {@value #RESUMED_LINE}, and runs with its runner's {@link JobRunner#resumed resumed} request (a training
 *     continues from its checkpoint); the queued ones follow in their order; ended jobs never run again;</li>
 * <li>a normal stop (the bundle stops, Karaf shuts down) asks the running jobs to stop as a cancel does, and waits for
 *     them, but leaves them and the queued ones as they are stored: they run at the next start, the running ones
 *     resumed. Only {@link #cancel} ends a job CANCELLED.</li>
 * </ul>
 * Stored jobs wait at the start up to {@value #RUNNER_WAIT_SECONDS} s for the runner of their type, whose bundle may
 * start after this one.
 *
 * <p>On a cluster's head ({@link NodeRoles}) no job runs in this process: each waits, queued, for the cluster's
 * {@link JobDispatcher}, which runs the units its runner cuts it into ({@link JobRunner#units}) on the workers, and
 * ends when they have, with their merged result. Its thread is free meanwhile, so every job starts at once and the
 * broker's queue orders them. A job sent when the head stopped is sent again resumed, and the dispatcher takes up its
 * units where they were. A worker alone takes no jobs of its own ({@link JobsElsewhereException}); it runs units
 * through {@link JobExecutor}.
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
@Component(service = {JobManager.class, JobExecutor.class}, immediate = true,
        configurationPid = QueuedJobManager.PID)
@Designate(ocd = QueuedJobManager.Config.class)
public class QueuedJobManager implements JobManager, JobExecutor {

    static final String PID = "io.jnnunet.jobs";
    static final String RESUMED_LINE = "resumed after a restart";
    static final String STOPPED_LINE = "stopped with the job queue; it resumes at the next start";

    @ObjectClassDefinition(name = "jnnunet jobs", description = "The background job queue")
    public @interface Config {
        @AttributeDefinition(description = "Jobs that run at the same time")
        int parallel() default 1;

        @AttributeDefinition(description = "JDBC URL of the H2 database of the jobs; empty: jdbc:h2:file:"
                + "${karaf.data}/jnnunet/jobs. A change applies at the next start of the job queue")
        String jdbc_url() default "";

        @AttributeDefinition(description = "Jobs that may wait in the queue; more are refused until one starts")
        int queue_size() default 100;
    }

    private static final Logger LOG = LoggerFactory.getLogger(QueuedJobManager.class);
    private static final int KEPT_LINES = 20;
    private static final long PROGRESS_EVENT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PROGRESS_STORE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long STOP_SECONDS = 30;
    static final long RUNNER_WAIT_SECONDS = 60;
    /** A full queue's retry estimate while no running job has reported progress. */
    static final int RETRY_SECONDS = 30;
    private static final int MAX_RETRY_SECONDS = 3600;

    private final ObjectMapper mapper = new NnunetJson().mapper();
    private final JobRunners runners = new JobRunners(mapper);
    /** The cluster's dispatcher, while this node is a head and one is installed. */
    private final AtomicReference<JobDispatcher> dispatcher = new AtomicReference<>();
    /** Notified when a dispatcher comes or goes or the queue stops. */
    private final Object dispatcherChanged = new Object();
    private final NodeRoles roles;
    private final AtomicReference<EventAdmin> events = new AtomicReference<>();
    private final JobStore store;
    /** Every job in the order of submission; guarded by itself, taken before a job's lock, never after. */
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    /** The highest id; guarded by {@link #jobs}. */
    private long lastId;
    private volatile int queueSize;
    private volatile boolean stopping;
    private final ThreadPoolExecutor workers;

    /**
     * Opens the job database and queues its jobs that had not ended: first those that were running, then the queued
     * ones, each in the order of submission.
     *
     * @throws IllegalStateException naming the database when it cannot be opened or read
     */
    @Activate
    public QueuedJobManager(Config config, @Reference NodeRoles roles) {
        this.roles = roles;
        queueSize = queueSize(config);
        String url = jdbcUrl(config);
        List<JobStore.Stored> stored;
        try {
            store = JobStore.open(url, mapper);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        try {
            stored = store.load(KEPT_LINES);
        } catch (SQLException e) {
            closeQuietly(e);
            throw new IllegalStateException("cannot read the jobs in " + url + ": " + e.getMessage(), e);
        }
        int parallel = parallel(config);
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(parallel, parallel, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "jnnunet-job-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        List<Job> interrupted = new ArrayList<>();
        List<Job> queued = new ArrayList<>();
        for (JobStore.Stored s : stored) {
            Job job = new Job(s.info(), s.interrupted(), s.lines(), true);
            jobs.put(job.id, job);
            lastId = Math.max(lastId, Long.parseLong(job.id));
            if (s.info().state() == State.RUNNING) {
                job.requeueInterrupted(RESUMED_LINE);
            }
            if (job.state() == State.QUEUED) {
                (job.interrupted() ? interrupted : queued).add(job);
            }
        }
        interrupted.forEach(workers::execute);
        queued.forEach(workers::execute);
        LOG.info("jobs: {} stored in {}, {} resumed and {} queued", stored.size(), url, interrupted.size(),
                queued.size());
    }

    /**
     * A new number of workers, without touching a running job: a pool that grows starts queued jobs at once, one that
     * shrinks lets its surplus workers end with the jobs they run. A new queue size applies to the next submission.
     */
    @Modified
    void modified(Config config) {
        queueSize = queueSize(config);
        if (!jdbcUrl(config).equals(store.url())) {
            LOG.warn("{}: jdbc.url {} applies at the next start of the job queue; the jobs stay in {}", PID,
                    jdbcUrl(config), store.url());
        }
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
     * Asks the running jobs to stop and waits for them; they and the queued jobs stay stored as they are, to run at
     * the next start. They are interrupted only after that wait: a stopped training still writes its checkpoint,
     * which an interrupt would break (it closes the file's channel).
     */
    @Deactivate
    void deactivate() throws InterruptedException, SQLException {
        stopping = true;
        runners.wakeUp();
        dispatcherChanged();
        workers.shutdown();
        if (!workers.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("jobs still running {} s after they were asked to stop; interrupting them", STOP_SECONDS);
            workers.shutdownNow();
        }
        store.close();
    }

    private void closeQuietly(Exception cause) {
        try {
            store.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static int parallel(Config config) {
        if (config.parallel() < 1) {
            LOG.warn("{}: parallel must be at least 1, got {}; running one job at a time", PID, config.parallel());
            return 1;
        }
        return config.parallel();
    }

    private static int queueSize(Config config) {
        // a submitted job waits until a worker takes it, however idle the workers are
        if (config.queue_size() < 1) {
            LOG.warn("{}: queue.size must be at least 1, got {}; letting one job wait", PID, config.queue_size());
            return 1;
        }
        return config.queue_size();
    }

    /** The configured URL, else the database {@code jobs} in {@code ${karaf.data}/jnnunet}. */
    private static String jdbcUrl(Config config) {
        if (!config.jdbc_url().isBlank()) {
            return config.jdbc_url().strip();
        }
        String data = System.getProperty("karaf.data");
        if (data == null || data.isBlank()) {
            throw new IllegalStateException(PID + ": jdbc.url is not set and there is no karaf.data folder to keep"
                    + " the job database in; set jdbc.url");
        }
        return "jdbc:h2:file:" + Path.of(data, "jnnunet", "jobs").toAbsolutePath();
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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeDispatcher")
    void addDispatcher(JobDispatcher jobDispatcher) {
        dispatcher.set(jobDispatcher);
        dispatcherChanged();
    }

    void removeDispatcher(JobDispatcher jobDispatcher) {
        dispatcher.compareAndSet(jobDispatcher, null);
        dispatcherChanged();
    }

    /** A unit of a cluster's job, run in this process by the runner of its type, as this queue runs its own. */
    @Override
    public String describe(JobSpec spec) {
        return runners.describe(spec);
    }

    @Override
    public JsonNode run(JobSpec spec, boolean resumed, ProgressListener progress) throws Exception {
        runners.await(spec.type(), RUNNER_WAIT_SECONDS, () -> stopping);
        return runners.run(spec, resumed, progress);
    }

    @Override
    public JobInfo submit(JobSpec spec, String owner) {
        if (roles.workerOnly()) {
            throw new JobsElsewhereException("job " + spec.type() + " not queued: this node is a worker of a cluster ("
                    + NodeRoles.PID + " roles), which takes its units from the cluster's head; submit jobs there");
        }
        String description = runners.describe(spec);
        Job job;
        synchronized (jobs) {
            if (stopping) {
                throw new IllegalStateException("job " + description + " not queued: the job queue is stopping");
            }
            List<Job> all = List.copyOf(jobs.values());
            long waiting = all.stream().filter(j -> j.state() == State.QUEUED).count();
            if (waiting >= queueSize) {
                int retry = retryAfterSeconds(all);
                throw new QueueFullException("job " + description + " not queued: " + waiting + " jobs wait, as many"
                        + " as the queue holds (" + PID + " queue.size); submit it again in about " + retry + " s",
                        retry);
            }
            String id = Long.toString(lastId + 1);
            job = new Job(new JobInfo(id, spec, description, owner, State.QUEUED, 0, null, Instant.now(), null, null,
                    null, null, List.of()), false, 0, false);
            try {
                store.save(job.info(), false);
            } catch (SQLException e) {
                throw new IllegalStateException("job " + description + " not queued: it cannot be stored in "
                        + store.url() + ": " + e.getMessage(), e);
            }
            lastId++;
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

    /**
     * When the running job that ends first will end, at its pace so far: that frees a place in the queue. An estimate
     * (a job's progress is that of the task it reports last), {@value #RETRY_SECONDS} s while no running job has
     * reported progress, at most an hour.
     */
    private static int retryAfterSeconds(List<Job> all) {
        Instant now = Instant.now();
        double soonest = Double.POSITIVE_INFINITY;
        for (Job job : all) {
            JobInfo info = job.info();
            if (info.state() == State.RUNNING && info.progress() > 0 && info.started() != null) {
                double elapsed = Duration.between(info.started(), now).toMillis() / 1000.0;
                soonest = Math.min(soonest, elapsed * (1 - info.progress()) / info.progress());
            }
        }
        return soonest == Double.POSITIVE_INFINITY ? RETRY_SECONDS
                : (int) Math.max(1, Math.min(MAX_RETRY_SECONDS, Math.ceil(soonest)));
    }

    /** The record is the runner's own, so its JSON is in the format of the runner's version. */
    @Override
    public JobInfo submit(String type, Object request) {
        int version = runners.version(type);
        return submit(new JobSpec(type, version, mapper.valueToTree(request)));
    }

    @Override
    public int queueLimit() {
        return queueSize;
    }

    @Override
    public List<JobInfo> jobs() {
        return snapshot().stream().map(Job::info).toList();
    }

    @Override
    public Optional<JobInfo> job(String id) {
        return find(id).map(Job::info);
    }

    /** @throws IllegalStateException naming the database when it cannot be read */
    @Override
    public Optional<List<String>> log(String id) {
        if (find(id).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(store.lines(id));
        } catch (SQLException e) {
            throw new IllegalStateException("job " + id + ": its log cannot be read from " + store.url() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean cancel(String id) {
        return find(id).map(Job::cancel).orElse(false);
    }

    private Optional<Job> find(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    private List<Job> snapshot() {
        synchronized (jobs) {
            return List.copyOf(jobs.values());
        }
    }

    /**
     * Waits for a dispatcher while this node is a cluster's head (the roles are looked at again each second);
     * {@code null} when the node stops being a head first, and its jobs run here again.
     */
    private JobDispatcher awaitDispatcher() throws InterruptedException {
        synchronized (dispatcherChanged) {
            while (roles.head() && dispatcher.get() == null && !stopping) {
                dispatcherChanged.wait(1000);
            }
            return roles.head() ? dispatcher.get() : null;
        }
    }

    private void dispatcherChanged() {
        synchronized (dispatcherChanged) {
            dispatcherChanged.notifyAll();
        }
    }

    /**
     * One job: its state, and the listener its runner reports to. Each change is stored under its lock, so that what
     * others see of it is stored; events are posted outside the lock.
     */
    private final class Job implements Runnable, ProgressListener {
        final String id;
        final JobSpec spec;
        final String description;
        final String owner;
        final Instant submitted;
        /** Read from the database at the start: it may wait for its runner's bundle. */
        final boolean stored;
        private volatile boolean cancelRequested;
        /** Its runner asked whether to stop after the queue began to stop. */
        private volatile boolean stopSeen;
        /** The cluster's dispatcher that runs its units, on a head; {@code null} while it runs here or waits. */
        private volatile JobDispatcher dispatchedTo;
        // guarded by this
        private State state;
        private double progress;
        private String message;
        private Instant started;
        private Instant finished;
        private String error;
        private JsonNode result;
        /** The process stopped while it ran: it runs its runner's resumed request. */
        private boolean interrupted;
        private final Deque<String> lines;
        private int lineCount;
        private int publishedPercent = -1;
        private long publishedAt;
        private long storedAt = System.nanoTime();

        Job(JobInfo info, boolean interrupted, int lineCount, boolean stored) {
            this.id = info.id();
            this.spec = info.spec();
            this.description = info.description();
            this.owner = info.owner();
            this.submitted = info.submitted();
            this.state = info.state();
            this.progress = info.progress();
            this.message = info.message();
            this.started = info.started();
            this.finished = info.finished();
            this.error = info.error();
            this.result = info.result();
            this.interrupted = interrupted;
            this.lines = new ArrayDeque<>(info.lastLines());
            this.lineCount = lineCount;
            this.stored = stored;
        }

        @Override
        public void run() {
            try {
                if (stored) {
                    runners.await(spec.type(), RUNNER_WAIT_SECONDS, () -> stopping);
                }
                if (roles.head()) {
                    dispatchedTo = awaitDispatcher();
                    if (stopping) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            boolean resumed;
            synchronized (this) {
                if (state != State.QUEUED || stopping) {
                    return;
                }
                state = State.RUNNING;
                started = Instant.now();
                resumed = interrupted;
                store();
            }
            LOG.info("job {} ({}) {}", id, description, resumed ? "resumed" : "started");
            publish("STARTED", Map.of());
            if (dispatchedTo != null) {
                dispatch(dispatchedTo, resumed);
                return;
            }
            try {
                JsonNode value = runners.run(spec, resumed, this);
                if (cancelRequested) {
                    end(State.CANCELLED, null, null);
                } else if (stopSeen) {
                    // it returned early; one that never asked finished on its own
                    message(STOPPED_LINE);
                } else {
                    end(State.FINISHED, value, null);
                }
            } catch (Exception | Error e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                if (cancelRequested) {
                    LOG.info("job {} ({}) cancelled: {}", id, description, why);
                    end(State.CANCELLED, null, why);
                } else if (stopping) {
                    LOG.info("job {} ({}) stopped: {}", id, description, why);
                    message(STOPPED_LINE);
                } else {
                    LOG.error("job {} ({}) failed", id, description, e);
                    end(State.FAILED, null, why);
                }
            }
        }

        /**
         * Its units go to the cluster, and the job ends when they have: this thread returns at once. A job that the
         * head's stop left running is sent again resumed, and the dispatcher takes up the units it sent before.
         */
        private void dispatch(JobDispatcher to, boolean resumed) {
            List<JobSpec> units;
            try {
                units = runners.units(spec, to.workers());
            } catch (Exception e) {
                dispatched(null, e);
                return;
            }
            try {
                to.dispatch(id, units, resumed, this).whenComplete(this::dispatched);
            } catch (RuntimeException e) {
                dispatched(null, e);
                return;
            }
            if (cancelRequested) {
                // cancelled between its start and its dispatch
                to.cancel(id);
            }
        }

        /** Its units ended, or the dispatcher stopped first. */
        private void dispatched(List<JsonNode> results, Throwable error) {
            if (stopping) {
                // the job queue stopped meanwhile: the job stays as stored and is sent again at the next start
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            String why = cause == null ? null : cause.getMessage() == null ? cause.toString() : cause.getMessage();
            if (cause instanceof JobDispatcher.Stopped) {
                dispatchedTo = null;
                requeueInterrupted(why + "; the job waits for the cluster and then takes up its units");
                workers.execute(this);
            } else if (cancelRequested || cause instanceof CancellationException) {
                end(State.CANCELLED, null, why);
            } else if (cause != null) {
                LOG.error("job {} ({}) failed on the cluster: {}", id, description, why);
                end(State.FAILED, null, why);
            } else {
                try {
                    end(State.FINISHED, runners.merge(spec, results), null);
                } catch (Exception e) {
                    LOG.error("job {} ({}): the results of its units do not merge", id, description, e);
                    end(State.FAILED, null, e.getMessage());
                }
            }
        }

        /** A job that ran when the process stopped, queued again to run resumed; stored with its log line. */
        void requeueInterrupted(String line) {
            synchronized (this) {
                state = State.QUEUED;
                interrupted = true;
            }
            log(line);
        }

        void end(State ended, JsonNode value, String why) {
            synchronized (this) {
                state = ended;
                result = value;
                error = why;
                finished = Instant.now();
                store();
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
                    store();
                }
            }
            if (queued) {
                // a worker that took it meanwhile finds it cancelled and leaves it
                workers.remove(this);
                LOG.info("job {} ({}) cancelled before it started", id, description);
                publish(State.CANCELLED.name(), Map.of());
            } else {
                message("cancel requested");
                JobDispatcher to = dispatchedTo;
                if (to != null) {
                    to.cancel(id);
                }
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
                if (now - storedAt >= PROGRESS_STORE_NANOS) {
                    store();
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
            synchronized (this) {
                if (r.epochs() > 0) {
                    progress = Math.min(1, (r.epoch() + 1) / (double) r.epochs());
                }
            }
            log(r.line());
            publish("EPOCH", Map.of("epoch", r.epoch(), "epochs", r.epochs(), "train_loss", r.trainLoss(),
                    "val_loss", r.validationLoss(), "pseudo_dice", r.pseudoDice().clone(),
                    "ema_pseudo_dice", r.emaPseudoDice(), "learning_rate", r.learningRate(),
                    "epoch_seconds", r.epochSeconds(), "new_best", r.newBest()));
        }

        @Override
        public boolean cancelled() {
            if (cancelRequested) {
                return true;
            }
            if (stopping) {
                stopSeen = true;
                return true;
            }
            return Thread.currentThread().isInterrupted();
        }

        /** A line of the log: the last ones in memory, every one in the database with the job's row. */
        private void log(String line) {
            LOG.info("job {}: {}", id, line);
            synchronized (this) {
                message = line;
                lines.addLast(line);
                while (lines.size() > KEPT_LINES) {
                    lines.removeFirst();
                }
                try {
                    store.append(info(), interrupted, lineCount, line);
                    lineCount++;
                    storedAt = System.nanoTime();
                } catch (SQLException e) {
                    notStored(e);
                }
            }
        }

        /** The job's row as it is now; called under its lock. */
        private void store() {
            try {
                store.save(info(), interrupted);
                storedAt = System.nanoTime();
            } catch (SQLException e) {
                notStored(e);
            }
        }

        /** The job goes on: the database only matters after a restart, which then sees the job's last stored state. */
        private void notStored(SQLException e) {
            LOG.error("job {} ({}): its {} state is not stored in {}: {}", id, description,
                    state.name().toLowerCase(Locale.ROOT), store.url(), e.getMessage());
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

        synchronized State state() {
            return state;
        }

        synchronized boolean interrupted() {
            return interrupted;
        }

        synchronized JobInfo info() {
            return new JobInfo(id, spec, description, owner, state, progress, message, submitted, started, finished,
                    error, result, List.copyOf(lines));
        }
    }
}
