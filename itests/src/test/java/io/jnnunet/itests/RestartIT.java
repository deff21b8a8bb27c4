package io.jnnunet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.After;
import org.junit.Test;

/**
 * {@code kill -9} of the real distribution (not a Pax Exam container: this test starts {@code bin/karaf} itself and
 * kills its JVM) while a training runs with three jobs queued behind it and images keep arriving in a watch folder;
 * after a restart every job finishes, the interrupted training from its checkpoint_latest, nothing runs twice, and
 * every image has exactly one result or one error.
 */
public class RestartIT {

    private static final String DATASET = "Dataset001_Cells";
    private static final String PLANS = "tinyPlans";
    private static final String MODEL = DATASET + "__nnUNetTrainer__" + PLANS + "__2d";
    private static final Duration LONG = Duration.ofMinutes(10);
    /** Request keys that take a list. */
    private static final Set<String> LISTS = Set.of("datasets", "configurations");

    private final ServerClient server = new ServerClient(ServerClient.KARAF);
    private Path home;
    private Process karaf;

    @After
    public void stopKaraf() throws Exception {
        if (karaf != null) {
            kill();
        }
    }

    @Test
    public void killedWithATrainingRunningAndJobsQueuedEveryJobAndEveryImageEndsOnce() throws Exception {
        home = unpack();
        start();
        Path sample = Path.of(System.getProperty("jnnunet.sampleData"), DATASET);
        assertEquals(201, upload(sample).statusCode());
        JsonNode planned = await(submit(spec("plan-and-preprocess", "datasets", DATASET, "configurations", "2d")));
        assertEquals(planned.toString(), "FINISHED", planned.path("state").asText());
        writeTinyPlans(home.resolve("data/nnUNet_preprocessed").resolve(DATASET));
        JsonNode quick = await(submit(train("4", 2)));
        assertEquals(quick.toString(), "FINISHED", quick.path("state").asText());

        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Path outbox = home.resolve("outbox");
        Files.writeString(home.resolve("etc/io.jnnunet.watch-microscope.cfg"), "inbox = " + inbox + "\noutbox = "
                + outbox + "\nmodel = " + MODEL + "\nfolds = 4\nmirroring = false\ninstances = none\n");
        List<Path> images;
        try (Stream<Path> files = Files.list(sample.resolve("imagesTs"))) {
            images = files.sorted().toList();
        }
        AtomicBoolean arriving = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Set<String> names = new TreeSet<>();
        Thread microscope = new Thread(() -> {
            while (arriving.get()) {
                int n = sent.getAndIncrement();
                String name = "image-" + n + ".png";
                synchronized (names) {
                    names.add(name);
                }
                try {
                    Path part = inbox.resolve(name + ".part");
                    if (n % 7 == 3) {
                        Files.writeString(part, "not an image");
                    } else {
                        Files.copy(images.get(n % images.size()), part, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    Thread.sleep(700);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        microscope.start();

        JsonNode running = submit(train("0", 120));
        List<JsonNode> queued = List.of(submit(train("1", 2)), submit(train("2", 2)), submit(train("3", 2)));
        Path latest = home.resolve("data/nnUNet_results").resolve(DATASET).resolve("nnUNetTrainer__" + PLANS
                + "__2d/fold_0/checkpoint_latest.djl");
        long deadline = System.nanoTime() + LONG.toNanos();
        while (Files.notExists(latest)) {
            assertTrue("no checkpoint_latest within " + LONG, System.nanoTime() < deadline);
            Thread.sleep(200);
        }
        assertEquals("RUNNING", job(running).path("state").asText());
        kill();
        Thread.sleep(5000);
        start();
        Thread.sleep(5000);
        arriving.set(false);
        microscope.join();

        for (JsonNode job : List.of(running, queued.get(0), queued.get(1), queued.get(2))) {
            JsonNode ended = await(job);
            assertEquals(ended.toString(), "FINISHED", ended.path("state").asText());
        }
        String log = log(running);
        assertEquals(log, 1, occurrences(log, "resumed after a restart"));
        assertTrue(log, log.contains("checkpoint"));
        for (JsonNode job : queued) {
            assertEquals(log(job), 1, occurrences(log(job), "Training done."));
        }
        assertEquals(log(quick), 1, occurrences(log(quick), "Training done."));

        long inboxDeadline = System.nanoTime() + LONG.toNanos();
        while (!pending(inbox).isEmpty()) {
            assertTrue("images left in the inbox: " + pending(inbox), System.nanoTime() < inboxDeadline);
            Thread.sleep(500);
        }
        for (String name : names) {
            boolean result = Files.isRegularFile(outbox.resolve(name));
            boolean error = Files.isRegularFile(inbox.resolve("failed").resolve(name + ".error.txt"));
            assertTrue(name + ": exactly one result or one error", result ^ error);
            assertTrue(name + " moved once", Files.isRegularFile(inbox.resolve(result ? "done" : "failed")
                    .resolve(name)));
        }
        assertTrue("some images arrived while the server was down: " + sent.get(), sent.get() > 10);
    }

    private Path unpack() throws Exception {
        Path target = Files.createDirectories(Path.of("target", "restart")).toAbsolutePath();
        Path unpacked = Files.createTempDirectory(target, "karaf");
        run(new ProcessBuilder("tar", "xzf", System.getProperty("jnnunet.distribution"), "-C", unpacked.toString(),
                "--strip-components=1"));
        // the itests run offline against the local repository, as Pax Exam's containers do
        Path mvn = unpacked.resolve("etc/org.ops4j.pax.url.mvn.cfg");
        Files.writeString(mvn, Files.readString(mvn) + "\norg.ops4j.pax.url.mvn.localRepository="
                + System.getProperty("maven.repo.local") + "\norg.ops4j.pax.url.mvn.repositories=\n");
        return unpacked;
    }

    private void start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("karaf.out").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        karaf = builder.start();
        server.awaitUp(Duration.ofMinutes(3));
    }

    /** SIGKILL to Karaf's JVM (the script's child): no shutdown hook, no component deactivation. */
    private void kill() throws Exception {
        Path pidFile = home.resolve("karaf.pid");
        if (Files.isRegularFile(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(java -> {
                java.destroyForcibly();
                java.onExit().join();
            });
        }
        karaf.destroyForcibly().waitFor();
        karaf = null;
    }

    private static void run(ProcessBuilder command) throws Exception {
        Process process = command.inheritIO().start();
        assertEquals(command.command().toString(), 0, process.waitFor());
    }

    private HttpResponse<byte[]> upload(Path dataset) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(dataset)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(DATASET + "/" + dataset.relativize(file)));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
        return server.send(server.request("datasets").header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())));
    }

    private ObjectNode spec(String type, String... keyValues) {
        ObjectNode spec = server.mapper().createObjectNode().put("type", type).put("version", 1);
        ObjectNode request = spec.putObject("request");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (LISTS.contains(keyValues[i])) {
                request.putArray(keyValues[i]).add(keyValues[i + 1]);
            } else {
                request.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return spec;
    }

    private ObjectNode train(String fold, int epochs) {
        ObjectNode spec = spec("train", "dataset", DATASET, "configuration", "2d", "fold", fold, "plans", PLANS);
        ((ObjectNode) spec.path("request")).put("epochs", epochs);
        return spec;
    }

    private JsonNode submit(ObjectNode spec) throws Exception {
        HttpResponse<byte[]> answer = server.postJson("jobs", spec);
        assertEquals(new String(answer.body(), StandardCharsets.UTF_8), 201, answer.statusCode());
        return server.json(answer);
    }

    private JsonNode job(JsonNode job) throws Exception {
        return server.json(server.get("jobs/" + job.path("id").asText()));
    }

    private String log(JsonNode job) throws Exception {
        return new String(server.get("jobs/" + job.path("id").asText() + "/log").body(), StandardCharsets.UTF_8);
    }

    /** The job once it has ended. */
    private JsonNode await(JsonNode job) throws Exception {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (true) {
            JsonNode now = job(job);
            if (Set.of("FINISHED", "FAILED", "CANCELLED").contains(now.path("state").asText())) {
                return now;
            }
            assertFalse("job " + job.path("id") + " did not end within " + LONG, System.nanoTime() > deadline);
            Thread.sleep(500);
        }
    }

    private static List<String> pending(Path inbox) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(inbox)) {
            list.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).forEach(files::add);
        }
        return files;
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    /** The default 2d plan shrunk so that an epoch takes a fraction of a second (as the Pax Exam tests do). */
    private static void writeTinyPlans(Path preprocessed) throws IOException {
        ObjectNode plans = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(preprocessed.resolve("nnUNetPlans.json").toFile());
        JnnunetTestSupport.shrink(plans, PLANS);
        new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValue(preprocessed.resolve(PLANS + ".json").toFile(), plans);
    }
}
