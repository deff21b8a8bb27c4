package io.jnnunet.jobs.internal;

import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobInfo.State;
import io.jnnunet.api.JobManager;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on a fixed number of worker threads (one by default: a training takes every core, so jobs run one after
 * another). A job's progress lines go to the log and the last ones stay with the job for {@code nnunet:jobs}.
 */
@Component(service = JobManager.class, configurationPid = "io.jnnunet")
@Designate(ocd = QueuedJobManager.Config.class)
public class QueuedJobManager implements JobManager {

    @ObjectClassDefinition(name = "jnnunet jobs", description = "The background job queue")
    public @interface Config {
        @AttributeDefinition(description = "Jobs that run at the same time")
        int jobs_parallel() default 1;
    }

    private static final Logger LOG = LoggerFactory.getLogger(QueuedJobManager.class);
    private static final int KEPT_LINES = 20;

    private final class Job implements Context {
        final String id;
        final String description;
        final Instant submitted = Instant.now();
        volatile State state = State.QUEUED;
        volatile Instant started;
        volatile Instant finished;
        volatile String error;
        volatile boolean cancelRequested;
        final Deque<String> lines = new ArrayDeque<>();
        Future<?> future;

        Job(String id, String description) {
            this.id = id;
            this.description = description;
        }

        @Override
        public void progress(String line) {
            LOG.info("job {}: {}", id, line);
            synchronized (lines) {
                lines.addLast(line);
                while (lines.size() > KEPT_LINES) {
                    lines.removeFirst();
                }
            }
        }

        @Override
        public boolean cancelled() {
            return cancelRequested || Thread.currentThread().isInterrupted();
        }

        JobInfo info() {
            List<String> copy;
            synchronized (lines) {
                copy = new ArrayList<>(lines);
            }
            return new JobInfo(id, description, state, submitted, started, finished, copy, error);
        }
    }

    private final ExecutorService workers;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    @Activate
    public QueuedJobManager(Config config) {
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newFixedThreadPool(Math.max(1, config.jobs_parallel()), runnable -> {
            Thread thread = new Thread(runnable, "jnnunet-job-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        jobs.values().forEach(job -> job.cancelRequested = true);
        workers.shutdownNow();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Override
    public JobInfo submit(String description, Work work) {
        Job job = new Job(Integer.toString(ids.incrementAndGet()), description);
        jobs.put(job.id, job);
        order.add(job.id);
        job.future = workers.submit(() -> run(job, work));
        return job.info();
    }

    private void run(Job job, Work work) {
        if (job.cancelRequested) {
            job.state = State.CANCELLED;
            job.finished = Instant.now();
            return;
        }
        job.state = State.RUNNING;
        job.started = Instant.now();
        try {
            work.run(job);
            job.state = job.cancelRequested ? State.CANCELLED : State.FINISHED;
        } catch (Exception | Error e) {
            job.error = e.getMessage() == null ? e.toString() : e.getMessage();
            job.state = job.cancelRequested ? State.CANCELLED : State.FAILED;
            LOG.error("job {} ({}) failed", job.id, job.description, e);
        } finally {
            job.finished = Instant.now();
        }
    }

    @Override
    public List<JobInfo> jobs() {
        return order.stream().map(jobs::get).map(Job::info).toList();
    }

    @Override
    public Optional<JobInfo> job(String id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::info);
    }

    @Override
    public boolean cancel(String id) {
        Job job = jobs.get(id);
        if (job == null || (job.state != State.QUEUED && job.state != State.RUNNING)) {
            return false;
        }
        job.cancelRequested = true;
        job.progress("cancel requested");
        return true;
    }
}
