package io.jnnunet.cluster.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnnunet.api.ClusterNode;
import io.jnnunet.api.JobDispatcher;
import io.jnnunet.api.JobExecutor;
import io.jnnunet.api.JobSpec;
import io.jnnunet.api.ProgressListener;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A head with its embedded broker (a real Artemis, on loopback) and workers in this JVM, each on its own TCP
 * connection as a node on another machine would be; the units are {@code steps} jobs of a test executor.
 */
public class ClusterTest {

    private static final long WAIT_SECONDS = 30;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final ObjectMapper json = new ObjectMapper();
    private final List<AutoCloseable> open = new ArrayList<>();
    private int port;
    private EmbeddedBroker broker;
    private UnitDispatcher dispatcher;

    @After
    public void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /**
     * Runs {@code steps} jobs: {@code millis} per step, each step a progress update; fails on the nodes named in
     * {@code fail_on}; records every run with its node and whether it was resumed.
     */
    static final class StepExecutor implements JobExecutor {
        final String node;
        final List<String> runs;
        final Map<String, CompletableFuture<Void>> gates;

        StepExecutor(String node, List<String> runs, Map<String, CompletableFuture<Void>> gates) {
            this.node = node;
            this.runs = runs;
            this.gates = gates;
        }

        @Override
        public String describe(JobSpec spec) {
            return "steps " + spec.request().path("name").asText();
        }

        @Override
        public JsonNode run(JobSpec spec, boolean resumed, ProgressListener progress) throws Exception {
            String name = spec.request().path("name").asText();
            runs.add(name + "@" + node + (resumed ? " resumed" : ""));
            progress.message("running " + name);
            CompletableFuture<Void> gate = gates.get(name);
            int steps = spec.request().path("steps").asInt(1);
            for (int i = 0; i < steps; i++) {
                if (progress.cancelled()) {
                    return null;
                }
                if (gate != null && i == 0) {
                    while (!gate.isDone() && !progress.cancelled()) {
                        Thread.sleep(20);
                    }
                }
                Thread.sleep(spec.request().path("millis").asInt(10));
                progress.update("step", i + 1, steps);
            }
            for (JsonNode failing : spec.request().path("fail_on")) {
                if (failing.asText().equals(node)) {
                    throw new IllegalStateException(name + " cannot run on " + node);
                }
            }
            return new ObjectMapper().createObjectNode().put("name", name).put("node", node);
        }
    }

    private ClusterSettings settings(String node, String roles, int maxAttempts) throws IOException {
        return new ClusterSettings(node, List.of(roles.split(",")), "tcp://127.0.0.1:" + port, true, "jnnunet",
                "secret", temp.getRoot().toPath().resolve(node.equals("head") ? "head" : node), 1, 3,
                maxAttempts);
    }

    private void head(int maxAttempts) throws Exception {
        if (port == 0) {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
        }
        ClusterSettings head = settings("head", "head", maxAttempts);
        broker = EmbeddedBroker.start(head);
        open.add(broker);
        dispatcher = new UnitDispatcher(head, new StepExecutor("head", new CopyOnWriteArrayList<>(), Map.of()),
                broker, new NodeTable(head.timeoutSeconds()), new Wire());
        open.add(dispatcher);
        Heartbeats beats = new Heartbeats(head, EmbeddedBroker.IN_VM, new Wire(), () -> new ClusterNode(
                "head", head.roles(), "cpu", null, 0, null, Instant.now(), false));
        beats.beat();
        open.add(beats);
    }

    private UnitWorker worker(String node, List<String> runs, Map<String, CompletableFuture<Void>> gates,
            int maxAttempts) throws IOException {
        ClusterSettings settings = settings(node, "worker", maxAttempts);
        UnitWorker worker = new UnitWorker(settings, settings.brokerUrl(), new StepExecutor(node, runs, gates),
                new Wire());
        Heartbeats beats = new Heartbeats(settings, settings.brokerUrl(), new Wire(), () -> new ClusterNode(
                node, settings.roles(), "cpu", worker.runningUnit(), worker.unitsDone(), null, Instant.now(), false));
        worker.start();
        beats.beat();
        open.add(worker);
        open.add(beats);
        return worker;
    }

    private JobSpec steps(String name, int steps, int millis, String... failOn) {
        ObjectNode request = json.createObjectNode().put("name", name).put("steps", steps).put("millis", millis);
        for (String node : failOn) {
            request.withArray("fail_on").add(node);
        }
        return new JobSpec("steps", 1, request);
    }

    /** The job's log lines, for its listener. */
    static final class Log implements ProgressListener {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void message(String line) {
            lines.add(line);
        }

        long count(String part) {
            return lines.stream().filter(l -> l.contains(part)).count();
        }
    }

    private static void awaitRunning(UnitWorker worker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (worker.runningUnit() == null) {
            assertTrue("the worker never took a unit", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }

    private static List<JsonNode> await(CompletionStage<List<JsonNode>> stage)
            throws Exception {
        return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    public void unitsSpreadOverTheWorkersAndComeBackInTheirOrder() throws Exception {
        head(3);
        List<String> runs = new CopyOnWriteArrayList<>();
        worker("a", runs, Map.of(), 3);
        worker("b", runs, Map.of(), 3);
        List<JobSpec> units = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            units.add(steps("u" + i, 5, 40));
        }
        Log log = new Log();
        List<JsonNode> results = await(dispatcher.dispatch("1", units, false, log));

        assertEquals(6, results.size());
        for (int i = 0; i < 6; i++) {
            assertEquals("u" + i, results.get(i).path("name").asText());
        }
        assertEquals(runs.toString(), 6, runs.size());
        assertTrue(runs.toString(), runs.stream().anyMatch(r -> r.endsWith("@a")));
        assertTrue(runs.toString(), runs.stream().anyMatch(r -> r.endsWith("@b")));
        assertEquals(log.lines.toString(), 6, log.count("finished on"));
        assertTrue(log.lines.toString(), log.lines.stream().anyMatch(l -> l.matches("\\[[ab], unit \\d/6\\] running u\\d")));
    }

    @Test
    public void aUnitThatFailsGoesToAnotherWorkerAndAJobFailsAfterMaxAttempts() throws Exception {
        head(3);
        List<String> runs = new CopyOnWriteArrayList<>();
        worker("a", runs, Map.of(), 3);
        worker("b", runs, Map.of(), 3);
        Log log = new Log();
        List<JsonNode> results = await(dispatcher.dispatch("2", List.of(steps("picky", 1, 10, "a")), false, log));
        assertEquals("b", results.get(0).path("node").asText());

        Log failing = new Log();
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> await(dispatcher.dispatch("3", List.of(steps("never", 1, 10, "a", "b")), false, failing)));
        String message = failed.getCause().getMessage();
        assertTrue(message, message.contains("unit 1/1 (steps never) failed"));
        assertTrue(message, message.contains("a: never cannot run on a") && message.contains("b: never cannot run on b"));
        assertEquals(failing.lines.toString(), 3, failing.count("failed on"));
    }

    @Test
    public void aKilledWorkersUnitIsResumedByAnotherAndEndsOnce() throws Exception {
        head(3);
        List<String> runs = new CopyOnWriteArrayList<>();
        Map<String, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();
        gates.put("long", new CompletableFuture<>());
        UnitWorker a = worker("a", runs, gates, 3);
        Log log = new Log();
        var job = dispatcher.dispatch("4", List.of(steps("long", 3, 10)), false, log);
        awaitRunning(a);
        // the broker ends a's connections (units, heartbeats), as when its process dies: the unit is not acknowledged
        assertEquals(2, broker.disconnect("a", "killed"));
        worker("b", runs, Map.of(), 3);
        gates.get("long").complete(null);
        List<JsonNode> results = await(job);

        assertEquals("b", results.get(0).path("node").asText());
        assertTrue(runs.toString(), runs.contains("long@b resumed"));
        assertEquals(log.lines.toString(), 1, log.count("finished on"));
    }

    @Test
    public void aCancelledJobsWaitingUnitsAreDroppedAndItsRunningOneStops() throws Exception {
        head(3);
        List<String> runs = new CopyOnWriteArrayList<>();
        Map<String, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();
        gates.put("u0", new CompletableFuture<>());
        UnitWorker a = worker("a", runs, gates, 3);
        Log log = new Log();
        var job = dispatcher.dispatch("5", List.of(steps("u0", 1, 10), steps("u1", 1, 10), steps("u2", 1, 10)),
                false, log);
        awaitRunning(a);
        assertTrue(dispatcher.cancel("5"));
        assertThrows(CancellationException.class, () -> await(job));
        // u0 ran, or was taken after the cancel and dropped; the others never reached a worker
        assertTrue(runs.toString(), List.of("u0@a").containsAll(runs));
        assertEquals(0, broker.units()[0]);
    }

    @Test
    public void aRestartedHeadTakesItsJobUpWithoutSendingAUnitTwice() throws Exception {
        head(3);
        List<String> runs = new CopyOnWriteArrayList<>();
        Map<String, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();
        gates.put("slow", new CompletableFuture<>());
        List<JobSpec> units = List.of(steps("fast", 1, 10), steps("slow", 1, 10), steps("later", 1, 10));
        worker("a", runs, gates, 3);
        Log before = new Log();
        var first = dispatcher.dispatch("6", units, false, before);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (before.count("finished on") < 1 || before.count("unit 2/3 started") < 1) {
            assertTrue(before.lines.toString(), System.nanoTime() < deadline);
            Thread.sleep(20);
        }
        dispatcher.close();
        ExecutionException stopped = assertThrows(ExecutionException.class, () -> await(first));
        assertTrue(stopped.getCause() instanceof JobDispatcher.Stopped);
        broker.close();
        open.removeAll(List.of(dispatcher, broker));
        // the worker lost the broker with its unit: it stops it and connects again
        head(3);
        worker("a2", runs, gates, 3);
        gates.get("slow").complete(null);
        Log after = new Log();
        List<JsonNode> results = await(dispatcher.dispatch("6", units, true, after));

        assertEquals(List.of("fast", "slow", "later"), results.stream().map(r -> r.path("name").asText()).toList());
        assertEquals(runs.toString(), 1, runs.stream().filter(r -> r.startsWith("fast@")).count());
        assertEquals(runs.toString(), 1, runs.stream().filter(r -> r.startsWith("later@")).count());
        assertTrue(after.lines.toString(), after.lines.get(0).contains("2 of 3 unit(s) not ended"));
    }
}
