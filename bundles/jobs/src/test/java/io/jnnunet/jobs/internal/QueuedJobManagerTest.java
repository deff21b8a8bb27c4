package io.jnnunet.jobs.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnnunet.api.EpochReport;
import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobInfo.State;
import io.jnnunet.api.JobManager;
import io.jnnunet.api.JobRunner;
import io.jnnunet.api.JobSpec;
import io.jnnunet.api.NamedServices;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.NnunetJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

public class QueuedJobManagerTest {

    static final long WAIT_MILLIS = 10_000;

    /** The test job's request, with fields of the kinds the real requests have. */
    public record Steps(String name, Path folder, int steps, int epochs, double threshold, List<String> folds) {
    }

    public record Done(String name, int steps) {
    }

    /**
     * Reports {@code steps} progress updates and {@code epochs} epochs, then waits at the gate of its name if one was
     * set, and fails for the name {@code fail}.
     */
    static class StepRunner implements JobRunner<Steps> {
        private final String type;
        final List<Steps> received = Collections.synchronizedList(new ArrayList<>());
        final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
        volatile boolean sawCancel;

        StepRunner(String type) {
            this.type = type;
        }

        CountDownLatch gate(String name) {
            return gates.computeIfAbsent(name, n -> new CountDownLatch(1));
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public Class<Steps> requestType() {
            return Steps.class;
        }

        @Override
        public String describe(Steps request) {
            return type + " " + request.name();
        }

        @Override
        public Object run(Steps request, ProgressListener progress) throws Exception {
            received.add(request);
            progress.message("start " + request.name());
            for (int i = 1; i <= request.steps(); i++) {
                progress.update("step", i, request.steps());
            }
            for (int e = 0; e < request.epochs(); e++) {
                progress.epochDone(new EpochReport(e, request.epochs(), 0.5, 0.4, new double[] {0.8, 0.7}, 0.75,
                        0.001, 1865, e == 0));
            }
            CountDownLatch gate = gates.get(request.name());
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (gate != null && !gate.await(5, TimeUnit.MILLISECONDS)) {
                if (progress.cancelled()) {
                    sawCancel = true;
                    return null;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("gate " + request.name() + " never opened");
                }
            }
            if (request.name().equals("fail")) {
                throw new IllegalStateException("no plans in " + request.folder());
            }
            return new Done(request.name(), request.steps());
        }
    }

    static final class RecordingEventAdmin implements EventAdmin {
        final List<Event> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void postEvent(Event event) {
            events.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            events.add(event);
        }

        List<Event> of(String jobId) {
            synchronized (events) {
                return events.stream().filter(e -> jobId.equals(e.getProperty(JobManager.JOB_ID))).toList();
            }
        }

        List<String> topics(String jobId) {
            return of(jobId).stream().map(Event::getTopic).toList();
        }

        /** The job's events once its last one arrived: the job's state changes before its event is posted. */
        List<Event> awaitLast(String jobId, String kind) throws InterruptedException {
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (!topics(jobId).contains(JobManager.TOPIC_PREFIX + kind)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("no " + kind + " event for job " + jobId + ": " + topics(jobId));
                }
                Thread.sleep(2);
            }
            return of(jobId);
        }
    }

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final ObjectMapper mapper = new NnunetJson().mapper();
    private final StepRunner runner = new StepRunner("test");
    private QueuedJobManager manager;

    @Before
    public void install() {
        manager = new QueuedJobManager(parallel(1), TestConfig.standalone());
        manager.addRunner(runner, Map.of(JobRunner.TYPE, "test"));
    }

    @After
    public void stop() throws Exception {
        manager.deactivate();
    }

    private QueuedJobManager.Config parallel(int jobs) {
        return TestConfig.of(jobs, TestConfig.url(temp.getRoot().toPath()), 100);
    }

    private Steps steps(String name, int steps) {
        return new Steps(name, temp.getRoot().toPath(), steps, 0, 0.5, List.of("0", "1"));
    }

    /** The job once the condition holds; fails after {@value #WAIT_MILLIS} ms. */
    static JobInfo await(JobManager manager, String id, Predicate<JobInfo> condition, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            JobInfo info = manager.job(id).orElseThrow();
            if (condition.test(info)) {
                return info;
            }
            Thread.sleep(2);
        }
        throw new AssertionError("job " + id + " is not " + what + ": " + manager.job(id).orElseThrow());
    }

    private JobInfo await(String id, Predicate<JobInfo> condition, String what) throws InterruptedException {
        return await(manager, id, condition, what);
    }

    private JobInfo await(String id, State state) throws InterruptedException {
        return await(id, info -> info.state() == state, state.name());
    }

    @Test
    public void runsAJobAndKeepsItsResultAsJson() throws Exception {
        JobInfo submitted = manager.submit("test", steps("a", 3));
        assertEquals("1", submitted.id());
        assertEquals("test a", submitted.description());

        JobInfo done = await(submitted.id(), State.FINISHED);
        assertEquals(mapper.valueToTree(new Done("a", 3)), done.result());
        assertEquals(1.0, done.progress(), 0);
        assertEquals("step 3/3", done.message());
        assertEquals(List.of("start a"), done.lastLines());
        assertNull(done.error());
        assertTrue(!done.started().isBefore(done.submitted()) && !done.finished().isBefore(done.started()));

        JobInfo second = manager.submit("test", steps("b", 1));
        assertEquals("2", second.id());
        await(second.id(), State.FINISHED);
        assertEquals(List.of("1", "2"), manager.jobs().stream().map(JobInfo::id).toList());
        assertTrue(manager.job("3").isEmpty());
    }

    @Test
    public void runsJobsOneAfterAnotherAndCancelsAQueuedOneWithoutRunningIt() throws Exception {
        runner.gate("a");
        JobInfo first = manager.submit("test", steps("a", 1));
        JobInfo second = manager.submit("test", steps("b", 1));
        await(first.id(), info -> "step 1/1".equals(info.message()), "waiting at its gate");
        assertEquals(State.QUEUED, manager.job(second.id()).orElseThrow().state());

        assertTrue(manager.cancel(second.id()));
        assertEquals("a queued job ends at once", State.CANCELLED, manager.job(second.id()).orElseThrow().state());
        assertFalse("an ended job cannot be cancelled", manager.cancel(second.id()));
        assertFalse(manager.cancel("99"));

        assertTrue(manager.cancel(first.id()));
        JobInfo cancelled = await(first.id(), State.CANCELLED);
        assertTrue(runner.sawCancel);
        assertNull(cancelled.result());
        assertEquals(List.of("start a", "cancel requested"), cancelled.lastLines());
        assertEquals("the cancelled queued job never ran", List.of(steps("a", 1)), runner.received);
    }

    @Test
    public void aFailingRunnerFailsItsJobWithItsMessage() throws Exception {
        JobInfo failed = await(manager.submit("test", steps("fail", 0)).id(), State.FAILED);
        assertEquals("no plans in " + temp.getRoot().toPath(), failed.error());
        assertNull(failed.result());
    }

    @Test
    public void aJobSpecSurvivesItsJsonAndItsRunnerGetsAnEqualRequest() throws Exception {
        Steps request = new Steps("nan", temp.getRoot().toPath().resolve("Dataset001_Cells"), 2, 0, Double.NaN,
                List.of("all"));
        JobSpec spec = new JobSpec("test", 1, mapper.valueToTree(request));
        String json = mapper.writeValueAsString(spec);
        assertTrue(json, json.contains("\"threshold\":NaN"));

        JobSpec read = mapper.readValue(json, JobSpec.class);
        assertEquals(spec, read);
        await(manager.submit(read).id(), State.FINISHED);
        assertEquals(List.of(request), runner.received);
    }

    @Test
    public void refusesAnUnknownTypeABadFieldAndANewerVersion() {
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> manager.submit("segment", steps("a", 1))).getMessage();
        assertTrue(unknown, unknown.contains("'segment'") && unknown.contains("installed: [test]"));

        ObjectNode badType = mapper.valueToTree(steps("a", 1));
        badType.put("steps", "many");
        String type = assertThrows(IllegalArgumentException.class,
                () -> manager.submit(new JobSpec("test", 1, badType))).getMessage();
        assertTrue(type, type.contains("Steps") && type.contains("key \"steps\""));

        ObjectNode typo = mapper.valueToTree(steps("a", 1));
        typo.set("stpes", typo.remove("steps"));
        String key = assertThrows(IllegalArgumentException.class,
                () -> manager.submit(new JobSpec("test", 1, typo))).getMessage();
        assertTrue(key, key.contains("key \"stpes\": unknown key") && key.contains("steps"));

        JsonNode request = mapper.valueToTree(steps("a", 1));
        String version = assertThrows(IllegalArgumentException.class,
                () -> manager.submit(new JobSpec("test", 2, request))).getMessage();
        assertTrue(version, version.contains("version 2") && version.contains("reads (1)"));

        assertEquals(List.of(), manager.jobs());
    }

    @Test
    public void postsEveryChangeOnEventAdmin() throws Exception {
        RecordingEventAdmin events = new RecordingEventAdmin();
        manager.addEventAdmin(events);
        Steps request = new Steps("epochs", temp.getRoot().toPath(), 3, 3, 0.5, List.of("0"));
        String id = manager.submit("test", request).id();
        List<Event> all = events.awaitLast(id, "FINISHED");

        String prefix = JobManager.TOPIC_PREFIX;
        assertEquals(List.of(prefix + "QUEUED", prefix + "STARTED", prefix + "MESSAGE", prefix + "PROGRESS",
                prefix + "PROGRESS", prefix + "PROGRESS", prefix + "EPOCH", prefix + "EPOCH", prefix + "EPOCH",
                prefix + "FINISHED"), all.stream().map(Event::getTopic).toList());
        assertEquals("test", all.get(0).getProperty(JobManager.JOB_TYPE));
        assertEquals("QUEUED", all.get(0).getProperty(JobManager.STATE));
        assertEquals("RUNNING", all.get(1).getProperty(JobManager.STATE));
        assertEquals("start epochs", all.get(2).getProperty(JobManager.MESSAGE));
        assertEquals("step 2/3", all.get(4).getProperty(JobManager.MESSAGE));
        assertEquals(2 / 3.0, (double) all.get(4).getProperty(JobManager.PROGRESS), 1e-12);
        assertEquals("FINISHED", all.get(9).getProperty(JobManager.STATE));

        Event epoch = all.get(6);
        assertEquals(0, epoch.getProperty("epoch"));
        assertEquals(3, epoch.getProperty("epochs"));
        assertEquals(0.5, epoch.getProperty("train_loss"));
        assertEquals(0.4, epoch.getProperty("val_loss"));
        assertArrayEquals(new double[] {0.8, 0.7}, (double[]) epoch.getProperty("pseudo_dice"), 0);
        assertEquals(0.75, epoch.getProperty("ema_pseudo_dice"));
        assertEquals(0.001, epoch.getProperty("learning_rate"));
        assertEquals(1865.0, epoch.getProperty("epoch_seconds"));
        assertEquals(true, epoch.getProperty("new_best"));
        assertEquals(1 / 3.0, (double) epoch.getProperty(JobManager.PROGRESS), 1e-12);
        assertEquals("epoch 1/3: train loss 0.5000, val loss 0.4000, pseudo Dice [0.8000, 0.7000], EMA 0.7500"
                + " (new best), lr 0.00100, 31 min 05 s per epoch, about 1 h 02 min left",
                epoch.getProperty(JobManager.MESSAGE));
        assertEquals("epoch 3/3: train loss 0.5000, val loss 0.4000, pseudo Dice [0.8000, 0.7000], EMA 0.7500,"
                + " lr 0.00100, 31 min 05 s per epoch, about 0.0 s left", all.get(8).getProperty(JobManager.MESSAGE));
        assertEquals(1.0, manager.job(id).orElseThrow().progress(), 0);
    }

    @Test
    public void postsAtMostOneProgressEventPerPercentOrSecond() throws Exception {
        RecordingEventAdmin events = new RecordingEventAdmin();
        manager.addEventAdmin(events);
        long start = System.nanoTime();
        String id = manager.submit("test", steps("tiles", 200_000)).id();
        events.awaitLast(id, "FINISHED");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        long progress = events.topics(id).stream().filter(t -> t.endsWith("/PROGRESS")).count();
        assertTrue(progress + " progress events", progress >= 100 && progress <= 101 + seconds + 1);
    }

    @Test
    public void moreWorkersLeaveTheRunningJobAloneAndRunTwoJobsAtOnce() throws Exception {
        runner.gate("a");
        runner.gate("b");
        JobInfo first = manager.submit("test", steps("a", 1));
        await(first.id(), State.RUNNING);

        manager.modified(parallel(2));
        JobInfo second = manager.submit("test", steps("b", 1));
        await(second.id(), State.RUNNING);
        assertEquals(State.RUNNING, manager.job(first.id()).orElseThrow().state());

        // back to one: both keep running, a third waits until both ended
        manager.modified(parallel(1));
        JobInfo third = manager.submit("test", steps("c", 1));
        runner.gate("a").countDown();
        await(first.id(), State.FINISHED);
        long until = System.currentTimeMillis() + 100;
        while (System.currentTimeMillis() < until) {
            assertEquals(State.QUEUED, manager.job(third.id()).orElseThrow().state());
            Thread.sleep(5);
        }
        runner.gate("b").countDown();
        await(second.id(), State.FINISHED);
        await(third.id(), State.FINISHED);
        assertFalse(runner.sawCancel);
    }

    @Test
    public void picksTheRunnerWhenTheJobStarts() throws Exception {
        StepRunner other = new StepRunner("other");
        manager.addRunner(other, Map.of(JobRunner.TYPE, "other"));
        runner.gate("a");
        JobInfo blocking = manager.submit("test", steps("a", 1));
        JobInfo orphan = manager.submit("other", steps("b", 1));
        JobInfo updated = manager.submit("test", steps("c", 1));
        await(blocking.id(), State.RUNNING);

        manager.removeRunner(other);
        StepRunner newer = new StepRunner("test");
        manager.addRunner(newer, Map.of(JobRunner.TYPE, "test", NamedServices.RANKING, 10));
        runner.gate("a").countDown();

        String error = await(orphan.id(), State.FAILED).error();
        assertTrue(error, error.contains("'other'") && error.contains("installed: [test]"));
        await(updated.id(), State.FINISHED);
        assertEquals(List.of(steps("c", 1)), newer.received);
        assertEquals(List.of(steps("a", 1)), runner.received);
        assertEquals(List.of(), other.received);
    }
}
