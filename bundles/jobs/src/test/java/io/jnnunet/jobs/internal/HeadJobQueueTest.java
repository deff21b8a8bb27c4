package io.jnnunet.jobs.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.api.JobDispatcher;
import io.jnnunet.api.JobInfo;
import io.jnnunet.api.JobInfo.State;
import io.jnnunet.api.JobRunner;
import io.jnnunet.api.JobSpec;
import io.jnnunet.api.JobsElsewhereException;
import io.jnnunet.api.ProgressListener;
import io.jnnunet.formats.NnunetJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The job queue of a cluster's head: every job goes to the dispatcher, cut into its runner's units. */
public class HeadJobQueueTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final ObjectMapper mapper = new NnunetJson().mapper();
    private final FoldRunner runner = new FoldRunner();
    private QueuedJobManager manager;

    /** A test job cut into one unit per fold of its request; units' results merge into a list of their names. */
    static final class FoldRunner extends QueuedJobManagerTest.StepRunner {
        FoldRunner() {
            super("test");
        }

        @Override
        public List<QueuedJobManagerTest.Steps> units(QueuedJobManagerTest.Steps request, int workers) {
            return request.folds().stream().map(f -> new QueuedJobManagerTest.Steps(request.name() + "/" + f,
                    request.folder(), request.steps(), 0, request.threshold(), List.of(f))).toList();
        }

        @Override
        public Object merge(QueuedJobManagerTest.Steps request, List<JsonNode> results) {
            return results.stream().map(r -> r.path("name").asText()).toList();
        }
    }

    /** A dispatcher whose units end when the test says. */
    static final class HeldDispatcher implements JobDispatcher {
        record Sent(String job, List<JobSpec> units, boolean resumed, ProgressListener progress,
                CompletableFuture<List<JsonNode>> completion) {
        }

        final List<Sent> sent = new CopyOnWriteArrayList<>();
        final List<String> cancelled = new CopyOnWriteArrayList<>();

        @Override
        public int workers() {
            return 2;
        }

        @Override
        public CompletionStage<List<JsonNode>> dispatch(String jobId, List<JobSpec> units, boolean resumed,
                ProgressListener progress) {
            CompletableFuture<List<JsonNode>> completion = new CompletableFuture<>();
            sent.add(new Sent(jobId, units, resumed, progress, completion));
            return completion;
        }

        @Override
        public boolean cancel(String jobId) {
            cancelled.add(jobId);
            return true;
        }

        Sent awaitSent(int count) throws InterruptedException {
            long deadline = System.currentTimeMillis() + QueuedJobManagerTest.WAIT_MILLIS;
            while (sent.size() < count) {
                assertTrue("only " + sent.size() + " dispatches", System.currentTimeMillis() < deadline);
                Thread.sleep(2);
            }
            return sent.get(count - 1);
        }
    }

    private void head(String roles) {
        manager = new QueuedJobManager(TestConfig.of(1, TestConfig.url(temp.getRoot().toPath()), 100),
                TestConfig.roles(roles));
        manager.addRunner(runner, Map.of(JobRunner.TYPE, "test"));
    }

    @After
    public void stop() throws Exception {
        if (manager != null) {
            manager.deactivate();
        }
    }

    private QueuedJobManagerTest.Steps steps(String name, String... folds) {
        return new QueuedJobManagerTest.Steps(name, temp.getRoot().toPath(), 1, 0, 0.5, List.of(folds));
    }

    private JsonNode done(String name) {
        return mapper.valueToTree(new QueuedJobManagerTest.Done(name, 1));
    }

    private JobInfo await(String id, State state) throws InterruptedException {
        return QueuedJobManagerTest.await(manager, id, info -> info.state() == state, state.name());
    }

    @Test
    public void aHeadWaitsForItsDispatcherSendsTheUnitsAndMergesTheirResults() throws Exception {
        head("head,worker");
        JobInfo job = manager.submit("test", steps("cv", "0", "1", "2"));
        Thread.sleep(200);
        assertEquals(State.QUEUED, manager.job(job.id()).orElseThrow().state());

        HeldDispatcher dispatcher = new HeldDispatcher();
        manager.addDispatcher(dispatcher);
        HeldDispatcher.Sent sent = dispatcher.awaitSent(1);
        assertEquals(List.of("cv/0", "cv/1", "cv/2"), sent.units().stream()
                .map(u -> u.request().path("name").asText()).toList());
        assertFalse(sent.resumed());
        await(job.id(), State.RUNNING);
        sent.progress().message("unit 1/3 finished on b");
        sent.completion().complete(List.of(done("cv/0"), done("cv/1"), done("cv/2")));

        JobInfo finished = await(job.id(), State.FINISHED);
        assertEquals(List.of("cv/0", "cv/1", "cv/2"), mapper.treeToValue(finished.result(), List.class));
        assertTrue(finished.lastLines().contains("unit 1/3 finished on b"));
        assertTrue("ran here: " + runner.received, runner.received.isEmpty());
    }

    @Test
    public void aCancelGoesToTheDispatcherAndAFailedUnitFailsTheJob() throws Exception {
        head("head");
        HeldDispatcher dispatcher = new HeldDispatcher();
        manager.addDispatcher(dispatcher);
        JobInfo cancelled = manager.submit("test", steps("a", "0"));
        HeldDispatcher.Sent first = dispatcher.awaitSent(1);
        await(cancelled.id(), State.RUNNING);
        assertTrue(manager.cancel(cancelled.id()));
        assertEquals(List.of(cancelled.id()), dispatcher.cancelled);
        first.completion().completeExceptionally(new CancellationException("job cancelled"));
        await(cancelled.id(), State.CANCELLED);

        JobInfo failed = manager.submit("test", steps("b", "0"));
        dispatcher.awaitSent(2).completion().completeExceptionally(new IllegalStateException(
                "unit 1/1 (test b/0) failed: w1: out of memory; w2: out of memory"));
        assertEquals("unit 1/1 (test b/0) failed: w1: out of memory; w2: out of memory",
                await(failed.id(), State.FAILED).error());
    }

    @Test
    public void whenTheDispatcherStopsTheJobWaitsAndIsSentAgainResumed() throws Exception {
        head("head,worker");
        HeldDispatcher before = new HeldDispatcher();
        manager.addDispatcher(before);
        JobInfo job = manager.submit("test", steps("cv", "0", "1"));
        before.awaitSent(1);
        manager.removeDispatcher(before);
        before.sent.get(0).completion().completeExceptionally(new JobDispatcher.Stopped("the broker restarts"));
        await(job.id(), State.QUEUED);

        HeldDispatcher after = new HeldDispatcher();
        manager.addDispatcher(after);
        HeldDispatcher.Sent again = after.awaitSent(1);
        assertTrue(again.resumed());
        again.completion().complete(List.of(done("cv/0"), done("cv/1")));
        assertEquals(List.of("cv/0", "cv/1"), mapper.treeToValue(await(job.id(), State.FINISHED).result(),
                List.class));
    }

    @Test
    public void aWorkerTakesNoJobsOfItsOwnAndAStandaloneNodeRunsThemHere() throws Exception {
        head("worker");
        JobsElsewhereException refused = assertThrows(JobsElsewhereException.class,
                () -> manager.submit("test", steps("a", "0")));
        assertTrue(refused.getMessage(), refused.getMessage().contains("submit jobs there"));
        manager.deactivate();

        head("");
        manager.addDispatcher(new HeldDispatcher());
        JobInfo local = manager.submit("test", steps("here", "0"));
        await(local.id(), State.FINISHED);
        assertEquals(new ArrayList<>(List.of("here")), runner.received.stream().map(QueuedJobManagerTest.Steps::name)
                .toList());
    }
}
