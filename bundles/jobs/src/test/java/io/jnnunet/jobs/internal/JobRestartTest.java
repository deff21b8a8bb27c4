package io.jnnunet.jobs.internal;

import static io.jnnunet.jobs.internal.WorkRunner.blocking;
import static io.jnnunet.jobs.internal.WorkRunner.failing;
import static io.jnnunet.jobs.internal.WorkRunner.runs;
import static io.jnnunet.jobs.internal.WorkRunner.work;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobInfo.State;
import io.jnnunet.api.JobRunner;
import io.jnnunet.api.JobSpec;
import io.jnnunet.api.QueueFullException;
import io.jnnunet.formats.NnunetJson;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The job queue across restarts, on a real H2 database in a temporary folder: after a kill -9 of the process that ran
 * it, after a normal stop, and with jobs that ended. {@link WorkRunner} counts every run in a file, so a job that runs
 * twice shows.
 */
public class JobRestartTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final ObjectMapper mapper = new NnunetJson().mapper();
    private final List<QueuedJobManager> started = new ArrayList<>();

    @After
    public void stop() throws Exception {
        for (QueuedJobManager manager : started) {
            manager.deactivate();
        }
    }

    private Path folder() {
        return temp.getRoot().toPath();
    }

    private QueuedJobManager start(int queueSize) {
        QueuedJobManager manager = new QueuedJobManager(TestConfig.of(1, TestConfig.url(folder()), queueSize),
                TestConfig.standalone());
        started.add(manager);
        return manager;
    }

    /** A queue started with the work runner installed, as DS binds it right after the constructor. */
    private QueuedJobManager startWithRunner(int queueSize) {
        QueuedJobManager manager = start(queueSize);
        manager.addRunner(new WorkRunner(), Map.of(JobRunner.TYPE, WorkRunner.TYPE));
        return manager;
    }

    private void stop(QueuedJobManager manager) throws Exception {
        started.remove(manager);
        manager.deactivate();
    }

    private static JobInfo await(QueuedJobManager manager, String id, State state) throws InterruptedException {
        return QueuedJobManagerTest.await(manager, id, info -> info.state() == state, state.name());
    }

    private static JobInfo awaitWaiting(QueuedJobManager manager, String id) throws InterruptedException {
        return QueuedJobManagerTest.await(manager, id, info -> WorkRunner.WAITING.equals(info.message()),
                "waiting in its run");
    }

    private static List<State> states(QueuedJobManager manager) {
        return manager.jobs().stream().map(JobInfo::state).toList();
    }

    /**
     * The honest kill: a child JVM runs a queue of three jobs and is killed (SIGKILL) while the second runs. The next
     * queue on its database lists all three; the finished one is not run again, the interrupted one runs first and
     * resumed, the queued one runs once after it, and the interrupted job's log holds both runs' lines.
     */
    @Test
    public void afterAKillTheInterruptedJobResumesFirstTheQueuedOneRunsOnceAndTheFinishedOneNever() throws Exception {
        Path log = folder().resolve("child.log");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, KilledQueue.class.getName(), folder().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.currentTimeMillis() + QueuedJobManagerTest.WAIT_MILLIS;
            while (!Files.exists(folder().resolve("ready"))) {
                if (System.currentTimeMillis() > deadline || !child.isAlive()) {
                    throw new AssertionError("the child queue never got ready:\n" + Files.readString(log));
                }
                Thread.sleep(10);
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(QueuedJobManagerTest.WAIT_MILLIS, TimeUnit.MILLISECONDS));
        }
        assertEquals("killed by SIGKILL", 128 + 9, child.exitValue());
        assertEquals(List.of("finished", "training"), runs(folder()));

        QueuedJobManager manager = start(100);
        assertEquals(List.of("1", "2", "3"), manager.jobs().stream().map(JobInfo::id).toList());
        assertEquals("stored jobs wait for their runner", List.of(State.FINISHED, State.QUEUED, State.QUEUED),
                states(manager));
        manager.addRunner(new WorkRunner(), Map.of(JobRunner.TYPE, WorkRunner.TYPE));

        JobInfo resumed = await(manager, "2", State.FINISHED);
        await(manager, "3", State.FINISHED);
        assertEquals(List.of("finished", "training", "training resumed", "queued"), runs(folder()));
        assertEquals(mapper.valueToTree(new WorkRunner.Done("finished", false)),
                manager.job("1").orElseThrow().result());
        assertEquals(mapper.valueToTree(new WorkRunner.Done("training", true)), resumed.result());

        List<String> whole = manager.log("2").orElseThrow();
        List<String> expected = new ArrayList<>(List.of("run training"));
        for (int i = 1; i <= 25; i++) {
            expected.add("training line " + i);
        }
        expected.addAll(List.of(WorkRunner.WAITING, QueuedJobManager.RESUMED_LINE, "run training resumed"));
        for (int i = 1; i <= 25; i++) {
            expected.add("training resumed line " + i);
        }
        assertEquals("the whole log, from both processes", expected, whole);
        assertEquals(whole.subList(whole.size() - 20, whole.size()), resumed.lastLines());
        assertEquals("ids go on after the stored ones", "4",
                manager.submit(WorkRunner.TYPE, work("new", folder())).id());
    }

    /**
     * A normal stop asks the running job to stop and leaves it and the queued one stored as they were: the next queue
     * resumes the first and runs the second, and neither is CANCELLED.
     */
    @Test
    public void aNormalStopLeavesTheRunningAndQueuedJobsToTheNextStart() throws Exception {
        QueuedJobManager first = startWithRunner(100);
        String training = first.submit(WorkRunner.TYPE, blocking("training", folder(), 0)).id();
        String queued = first.submit(WorkRunner.TYPE, work("queued", folder())).id();
        awaitWaiting(first, training);
        stop(first);
        assertEquals(List.of("training"), runs(folder()));

        QueuedJobManager second = startWithRunner(100);
        await(second, training, State.FINISHED);
        await(second, queued, State.FINISHED);
        assertEquals(List.of("training", "training resumed", "queued"), runs(folder()));
        assertEquals(List.of("run training", WorkRunner.WAITING, QueuedJobManager.STOPPED_LINE,
                QueuedJobManager.RESUMED_LINE, "run training resumed"), second.log(training).orElseThrow());
    }

    /**
     * Ended jobs come back from the database as they were, owner, times, result and error included, and never run
     * again; a job cancelled while it ran ends CANCELLED.
     */
    @Test
    public void endedJobsComeBackAsTheyWereAndNeverRunAgain() throws Exception {
        QueuedJobManager first = startWithRunner(100);
        String finished = first.submit(new JobSpec(WorkRunner.TYPE, 1, mapper.valueToTree(work("finished",
                folder()))), "alice").id();
        await(first, finished, State.FINISHED);
        String failed = first.submit(WorkRunner.TYPE, failing("failed", folder())).id();
        await(first, failed, State.FAILED);
        String cancelled = first.submit(WorkRunner.TYPE, blocking("cancelled", folder(), 0)).id();
        awaitWaiting(first, cancelled);
        assertTrue(first.cancel(cancelled));
        await(first, cancelled, State.CANCELLED);
        List<JobInfo> before = first.jobs();
        stop(first);

        QueuedJobManager second = startWithRunner(100);
        assertEquals(before, second.jobs());
        assertEquals("alice", second.job(finished).orElseThrow().owner());
        assertEquals("failed failed", second.job(failed).orElseThrow().error());
        // the queue is in order: had an old job been queued again, it would have run before this one
        await(second, second.submit(WorkRunner.TYPE, work("new", folder())).id(), State.FINISHED);
        assertEquals(List.of("finished", "failed", "cancelled", "new"), runs(folder()));
        assertEquals(Optional.empty(), second.log("99"));
    }

    /** Beyond queue.size waiting jobs a submission is refused, with a retry estimate from the running job's pace. */
    @Test
    public void aFullQueueRefusesAJobUntilAPlaceIsFree() throws Exception {
        QueuedJobManager manager = startWithRunner(2);
        String running = manager.submit(WorkRunner.TYPE, blocking("running", folder(), 0)).id();
        awaitWaiting(manager, running);
        String a = manager.submit(WorkRunner.TYPE, work("a", folder())).id();
        manager.submit(WorkRunner.TYPE, work("b", folder()));

        QueueFullException full = assertThrows(QueueFullException.class,
                () -> manager.submit(WorkRunner.TYPE, work("c", folder())));
        assertTrue(full.getMessage(), full.getMessage().contains("2 jobs wait")
                && full.getMessage().contains("queue.size"));
        // half done after milliseconds: it ends in about as long again
        assertTrue(full.retryAfterSeconds() + " s", full.retryAfterSeconds() >= 1
                && full.retryAfterSeconds() < QueuedJobManager.RETRY_SECONDS);
        assertEquals("the refused job is not stored", 3, manager.jobs().size());

        assertTrue(manager.cancel(a));
        assertEquals("4", manager.submit(WorkRunner.TYPE, work("c", folder())).id());
    }

    /** Karaf's case: no jdbc.url, the database in ${karaf.data}/jnnunet. */
    @Test
    public void withoutAUrlTheDatabaseIsInKarafsDataFolder() throws Exception {
        String before = System.getProperty("karaf.data");
        System.setProperty("karaf.data", folder().toString());
        try {
            QueuedJobManager manager = new QueuedJobManager(TestConfig.of(1, "", 100), TestConfig.standalone());
            started.add(manager);
            manager.addRunner(new WorkRunner(), Map.of(JobRunner.TYPE, WorkRunner.TYPE));
            await(manager, manager.submit(WorkRunner.TYPE, work("a", folder())).id(), State.FINISHED);
            assertTrue(Files.isRegularFile(folder().resolve("jnnunet").resolve("jobs.mv.db")));
        } finally {
            if (before == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", before);
            }
        }
    }

    @Test
    public void anotherDatabaseThanH2IsRefusedByItsUrl() {
        String message = assertThrows(IllegalStateException.class,
                () -> new QueuedJobManager(TestConfig.of(1, "jdbc:postgresql://localhost/jobs", 100),
                        TestConfig.standalone())).getMessage();
        assertEquals("the job database jdbc:postgresql://localhost/jobs is not an H2 database: its URL must start with"
                + " jdbc:h2:", message);
    }

    @Test
    public void aDatabaseOfANewerSchemaIsRefused() throws Exception {
        stop(start(100));
        JdbcDataSource source = new JdbcDataSource();
        String url = TestConfig.url(folder());
        source.setURL(url);
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE schema_version SET version = 99");
        }
        String message = assertThrows(IllegalStateException.class, () -> start(100)).getMessage();
        assertTrue(message, message.contains(url) && message.contains("schema version 99")
                && message.contains("(" + JobStore.SCHEMA_VERSION + ")"));
        assertTrue(new File(folder().toFile(), "jobs.mv.db").isFile());
    }
}
