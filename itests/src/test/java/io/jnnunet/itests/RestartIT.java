package io.jnnunet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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

    private final ServerClient server = new ServerClient(ServerClient.KARAF);
    private Distribution distribution;

    @After
    public void stopKaraf() throws Exception {
        if (distribution != null) {
            distribution.close();
        }
    }

    @Test
    public void killedWithATrainingRunningAndJobsQueuedEveryJobAndEveryImageEndsOnce() throws Exception {
        distribution = Distribution.unpack("restart");
        Path home = distribution.home();
        distribution.start(server);
        Path sample = Path.of(System.getProperty("jnnunet.sampleData"), DATASET);
        distribution.prepareTinyPlans(server, sample, PLANS);
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
        assertEquals("RUNNING", server.job(running).path("state").asText());
        distribution.kill();
        Thread.sleep(5000);
        distribution.start(server);
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

    private ObjectNode train(String fold, int epochs) {
        return server.training(DATASET, PLANS, fold, epochs);
    }

    private JsonNode submit(ObjectNode spec) throws Exception {
        return server.submit(spec);
    }

    private JsonNode await(JsonNode job) throws Exception {
        return server.await(job, LONG);
    }

    private String log(JsonNode job) throws Exception {
        return server.log(job);
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
}
