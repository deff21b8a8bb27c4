package io.jnnunet.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Test;

/**
 * Three real distributions on loopback share the lab's work through the head's embedded ActiveMQ Artemis broker and
 * one shared folder: the head (head and worker) and two workers, each with its own ports. Five folds of the sample
 * data train as five jobs spread over the nodes, one worker killed with SIGKILL while it trains: its fold ends
 * elsewhere, and every fold ends once ({@code nnunet:cluster} shows the killed worker gone). Then a prediction of 20 images goes out in batches to the three nodes and
 * gives the same masks, byte for byte, as the same prediction run as one unit on one node.
 * {@code bash scripts/scale-out-test.sh} runs this test alone.
 */
public class ScaleOutIT {

    private static final String DATASET = "Dataset001_Cells";
    private static final String PLANS = "tinyPlans";
    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration LONG = Duration.ofMinutes(10);
    /** Epochs of a fold: long enough that the kill lands inside a unit, short enough for a test. */
    private static final int EPOCHS = 60;
    private static final int HEARTBEAT_SECONDS = 1;
    private static final int TIMEOUT_SECONDS = 4;
    private static final Pattern FINISHED_ON = Pattern.compile("unit \\d+/\\d+ finished on (\\S+)");

    private final List<Distribution> nodes = new ArrayList<>();

    @After
    public void stopNodes() throws Exception {
        for (Distribution node : nodes) {
            node.close();
        }
    }

    @Test
    public void foldsAndBatchesSpreadOverThreeNodesAndAKilledWorkersUnitEndsElsewhereOnce() throws Exception {
        Path shared = Files.createTempDirectory(Files.createDirectories(Path.of("target", "scale-out")
                .toAbsolutePath()), "shared");
        int broker = freePort();
        Node head = node("head", "head,worker", shared, broker);
        Node w1 = node("w1", "worker", shared, broker);
        Node w2 = node("w2", "worker", shared, broker);
        startAll(head, w1, w2);
        awaitAlive(head, Set.of("head", "w1", "w2"));

        assertEquals("a worker takes no jobs of its own", 409, w1.server.postJson("jobs",
                w1.server.training(DATASET, PLANS, "0", 1)).statusCode());
        Path sample = Path.of(System.getProperty("jnnunet.sampleData"), DATASET);
        head.distribution.prepareTinyPlans(head.server, sample, shared.resolve("nnUNet_preprocessed"), PLANS);

        List<JsonNode> folds = new ArrayList<>();
        for (int fold = 0; fold < 5; fold++) {
            folds.add(head.server.submit(head.server.training(DATASET, PLANS, Integer.toString(fold), EPOCHS)));
        }
        String killedUnit = awaitUnitOn(head, "w2");
        w2.distribution.kill();
        awaitGone(head, "w2");
        String table = shell(head, "nnunet:cluster");
        assertTrue(table, Pattern.compile("(?m)^\\s*w2\\s*\\|\\s*worker\\s*\\|\\s*gone").matcher(table).find());
        assertTrue(table, Pattern.compile("(?m)^\\s*w1\\s*\\|\\s*worker\\s*\\|\\s*alive").matcher(table).find());

        Set<String> trainedOn = new TreeSet<>();
        for (JsonNode fold : folds) {
            JsonNode ended = head.server.await(fold, LONG);
            String log = head.server.log(fold);
            assertEquals(log, "FINISHED", ended.path("state").asText());
            assertEquals("each fold ends once: " + log, 1, occurrences(log, "finished on"));
            assertEquals("each fold is trained to its end once: " + log, 1, occurrences(log, "Training done."));
            trainedOn.add(finishedOn(log).get(0));
        }
        String killedLog = logOf(head, folds, killedUnit);
        assertTrue(killedLog, killedLog.contains("started on w2"));
        assertTrue("the killed worker's fold resumed elsewhere: " + killedLog,
                Pattern.compile("unit 1/1 resumed on (head|w1)").matcher(killedLog).find());
        assertTrue("folds trained on several nodes: " + trainedOn, trainedOn.size() >= 2);
        Path model = shared.resolve("nnUNet_results").resolve(DATASET).resolve("nnUNetTrainer__" + PLANS + "__2d");
        for (int fold = 0; fold < 5; fold++) {
            assertTrue("fold " + fold, Files.isRegularFile(model.resolve("fold_" + fold)
                    .resolve("checkpoint_final.djl")));
        }

        w2.distribution.start(w2.server);
        awaitAlive(head, Set.of("head", "w1", "w2"));
        Path images = twentyImages(sample, shared.resolve("nnUNet_raw").resolve(DATASET).resolve("imagesScaleOut"));
        Path spread = shared.resolve("nnUNet_results").resolve("predictions-three-nodes");
        JsonNode batches = head.server.await(head.server.submit(prediction(head, images, spread)), LONG);
        String batchLog = head.server.log(batches);
        assertEquals(batchLog, "FINISHED", batches.path("state").asText());
        int units = Integer.parseInt(matchOne(Pattern.compile("sent to the cluster as (\\d+) unit"), batchLog));
        assertTrue("batches: " + units, units >= 3);
        assertEquals(batchLog, units, finishedOn(batchLog).size());
        assertTrue("batches on several nodes: " + batchLog, new TreeSet<>(finishedOn(batchLog)).size() >= 2);

        w1.distribution.kill();
        w2.distribution.kill();
        awaitGone(head, "w1");
        awaitGone(head, "w2");
        Path alone = shared.resolve("nnUNet_results").resolve("predictions-one-node");
        JsonNode one = head.server.await(head.server.submit(prediction(head, images, alone)), LONG);
        String oneLog = head.server.log(one);
        assertEquals(oneLog, List.of("head"), finishedOn(oneLog));
        List<String> cases = files(images).stream().map(n -> n.replace("_0000.png", ".png")).toList();
        assertEquals(20, cases.size());
        for (String name : cases) {
            assertArrayEquals(name, Files.readAllBytes(alone.resolve(name)), Files.readAllBytes(spread.resolve(name)));
        }
        System.out.println("scale-out: 5 folds on " + trainedOn + ", the killed worker's fold resumed elsewhere and"
                + " ended once; 20 images in " + units + " batches on " + new TreeSet<>(finishedOn(batchLog))
                + " equal to one node's");
    }

    /** A node: an unpacked distribution with its own ports, the shared folders, the cluster's settings. */
    private record Node(String id, Distribution distribution, ServerClient server, int ssh) {
    }

    /** A shell command on a node through Karaf's own client, as an operator runs it; its output. */
    private static String shell(Node node, String command) throws Exception {
        ProcessBuilder client = new ProcessBuilder(node.distribution().home().resolve("bin/client").toString(), "-a",
                Integer.toString(node.ssh()), "-u", "karaf", "-p", "karaf", "-b").redirectErrorStream(true);
        client.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = client.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(output, 0, process.waitFor());
        return output;
    }

    private Node node(String id, String roles, Path shared, int broker) throws Exception {
        Distribution distribution = Distribution.unpack("scale-out");
        nodes.add(distribution);
        int http = freePort();
        int ssh = freePort();
        distribution.ports(ssh, http, freePort(), freePort());
        distribution.configure("io.jnnunet.paths.cfg", "raw", shared.resolve("nnUNet_raw").toString(),
                "preprocessed", shared.resolve("nnUNet_preprocessed").toString(), "results",
                shared.resolve("nnUNet_results").toString());
        // one thread each: three nodes share this machine's cores, and masks compare bit for bit
        distribution.configure("io.jnnunet.engine.cfg", "threads", "1", "interop.threads", "1");
        distribution.configure("io.jnnunet.cluster.cfg", "roles", roles, "node.id", id, "broker.url",
                "tcp://127.0.0.1:" + broker, "heartbeat.seconds", Integer.toString(HEARTBEAT_SECONDS),
                "heartbeat.timeout.seconds", Integer.toString(TIMEOUT_SECONDS));
        return new Node(id, distribution, new ServerClient("http://127.0.0.1:" + http, ServerClient.KARAF), ssh);
    }

    private static void startAll(Node... all) throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(all.length);
        try {
            List<Future<Void>> started = new ArrayList<>();
            for (Node node : all) {
                started.add(starting.submit(() -> {
                    node.distribution().start(node.server());
                    return null;
                }));
            }
            for (Future<Void> f : started) {
                f.get();
            }
        } finally {
            starting.shutdownNow();
        }
    }

    private static JsonNode cluster(Node head) throws Exception {
        return head.server.json(head.server.get("cluster"));
    }

    private static void awaitAlive(Node head, Set<String> ids) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            Set<String> alive = new TreeSet<>();
            for (JsonNode node : cluster(head).path("nodes")) {
                if (!node.path("gone").asBoolean()) {
                    alive.add(node.path("id").asText());
                }
            }
            if (alive.containsAll(ids)) {
                return;
            }
            assertTrue("alive: " + alive + ", expected " + ids, System.nanoTime() < deadline);
            Thread.sleep(500);
        }
    }

    private static void awaitGone(Node head, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(TIMEOUT_SECONDS * 5L).toNanos();
        while (true) {
            for (JsonNode node : cluster(head).path("nodes")) {
                if (node.path("id").asText().equals(id) && node.path("gone").asBoolean()) {
                    return;
                }
            }
            assertTrue(id + " is not shown gone: " + cluster(head), System.nanoTime() < deadline);
            Thread.sleep(250);
        }
    }

    /** The unit a node runs, once it runs one ({@code job 7 unit 1/1: train ...}). */
    private static String awaitUnitOn(Node head, String id) throws Exception {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (true) {
            for (JsonNode node : cluster(head).path("nodes")) {
                if (node.path("id").asText().equals(id) && node.path("unit").asText("").contains("train")) {
                    return node.path("unit").asText();
                }
            }
            assertTrue(id + " never ran a training unit: " + cluster(head), System.nanoTime() < deadline);
            Thread.sleep(200);
        }
    }

    /** The log of the job whose unit it is ({@code job 7 unit ...}). */
    private static String logOf(Node head, List<JsonNode> jobs, String unit) throws Exception {
        String id = matchOne(Pattern.compile("^job (\\S+) unit"), unit);
        for (JsonNode job : jobs) {
            if (job.path("id").asText().equals(id)) {
                return head.server.log(job);
            }
        }
        throw new AssertionError("no job " + id + " among " + jobs);
    }

    private ObjectNode prediction(Node head, Path images, Path output) {
        ObjectNode spec = head.server.spec("predict", "input", images.toString(), "output", output.toString(),
                "dataset", DATASET, "configuration", "2d", "plans", PLANS);
        ObjectNode request = (ObjectNode) spec.path("request");
        request.putArray("folds").add("0");
        request.put("mirroring", false);
        return spec;
    }

    /** The sample's 15 images and five of them again under new names: 20 cases. */
    private static Path twentyImages(Path sample, Path folder) throws Exception {
        Files.createDirectories(folder);
        List<Path> all = new ArrayList<>();
        for (String set : List.of("imagesTr", "imagesTs")) {
            try (Stream<Path> files = Files.list(sample.resolve(set))) {
                files.sorted().forEach(all::add);
            }
        }
        for (Path image : all) {
            Files.copy(image, folder.resolve(image.getFileName()));
        }
        for (int i = 0; i < 5; i++) {
            Files.copy(all.get(i), folder.resolve(String.format("COPY_%03d_0000.png", i)));
        }
        return folder;
    }

    private static List<String> files(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> finishedOn(String log) {
        List<String> nodes = new ArrayList<>();
        Matcher m = FINISHED_ON.matcher(log);
        while (m.find()) {
            nodes.add(m.group(1));
        }
        return nodes;
    }

    private static String matchOne(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertTrue(pattern + " in " + text, m.find());
        return m.group(1);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
