package io.jnnunet.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnnunet.api.NnunetPaths;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The lab server over real HTTP on loopback, in the distribution, on the sample data: a training posted as a job and
 * followed over Server-Sent Events to its end, the model it made listed and predicting single images (the mask equal
 * to nnunet:predict's, the GeoJSON's polygons rasterising back to the instance mask), the queue's 429, path
 * traversal and zip-slip refused with 400, an oversize upload with 413, a dataset zip verified before it is accepted,
 * a job's log, and every route of the OpenAPI document answering.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerApiIT extends JnnunetTestSupport {

    private static final String DATASET = "Dataset002_CellsCoreBorder";
    private static final String PLANS = "tinyPlans";
    private static final String MODEL = DATASET + "__nnUNetTrainer__" + PLANS + "__2d";
    private static final String IMAGE = "BBBC039_100";
    private static final Duration TRAINING = Duration.ofMinutes(10);

    @Inject
    NnunetPaths paths;

    @Inject
    ConfigurationAdmin configurationAdmin;

    private final ServerClient server = new ServerClient(ServerClient.KARAF);

    @Test
    public void theLabServerTrainsPredictsAndRefusesWhatItMust() throws Exception {
        server.awaitUp(Duration.ofSeconds(90));
        // masks are compared bit for bit between the server and nnunet:predict: both run with the same threads
        // (the default takes the cores that are free when each starts, which the test's own load could change)
        set(configurationAdmin.getConfiguration("io.jnnunet.engine", null), "threads",
                Integer.toString(Runtime.getRuntime().availableProcessors()));
        Path sample = sampleDataset();
        run("nnunet:convert-instances -d " + sample + " -o " + DATASET);
        run("nnunet:plan-and-preprocess -d 2 -c 2d");
        writeTinyPlans(paths, DATASET, PLANS);

        JsonNode training = server.submit(server.spec("train", "dataset", "2", "configuration", "2d", "fold", "0",
                "plans", PLANS));
        List<String> events = follow(training.path("id").asText());
        assertEquals(events.toString(), "state", events.get(0));
        assertTrue(events.toString(), events.contains("EPOCH"));
        assertEquals(events.toString(), "FINISHED", events.get(events.size() - 1));
        String log = server.log(training);
        assertTrue(log, log.contains("Epoch"));

        JsonNode models = server.json(server.get("models"));
        assertTrue(models.toString(), contains(models, MODEL));
        JsonNode model = server.json(server.get("models/" + MODEL));
        assertEquals(model.toString(), "0", model.path("folds").path(0).path("fold").asText());

        aSingleImageEqualsNnunetPredict(sample);
        CommandResult status = run("nnunet:server");
        assertTrue(status.output(), status.output().contains("http://127.0.0.1:8181/api/")
                && status.output().contains(MODEL));
        theGeoJsonRasterisesBackToTheInstanceMask(sample);
        aFullQueueAnswers429AndACancelledTrainingKeepsItsCheckpoint();
        pathsOutsideTheServersFoldersAreRefused();
        datasetsAreVerifiedBeforeTheyAreAccepted(sample);
        anOversizeUploadGets413(sample);
        everyDocumentedRouteAnswers();
    }

    private void aSingleImageEqualsNnunetPredict(Path sample) throws Exception {
        Path image = sample.resolve("imagesTs").resolve(IMAGE + "_0000.png");
        for (String instances : new String[] {"none", "auto"}) {
            HttpResponse<byte[]> answer = predict(image, "instances=" + instances, "image/png");
            assertEquals(new String(answer.body(), StandardCharsets.UTF_8), 200, answer.statusCode());
            Path expected = Files.createTempDirectory("predict-" + instances);
            run("nnunet:predict -i " + sample.resolve("imagesTs") + " -o " + expected + " -d 2 -c 2d -p " + PLANS
                    + " -f 0 --disable-tta" + (instances.equals("auto") ? " --instances auto" : ""));
            assertArrayEquals("the server's " + instances + " mask is nnunet:predict's",
                    pixels(ImageIO.read(expected.resolve(IMAGE + ".png").toFile())),
                    pixels(ImageIO.read(new ByteArrayInputStream(answer.body()))));
            if (instances.equals("auto")) {
                assertNotNull(answer.headers().firstValue("X-Cell-Count").orElse(null));
            }
        }
    }

    private void theGeoJsonRasterisesBackToTheInstanceMask(Path sample) throws Exception {
        Path image = sample.resolve("imagesTs").resolve(IMAGE + "_0000.png");
        BufferedImage mask = ImageIO.read(new ByteArrayInputStream(predict(image, "instances=auto", "image/png")
                .body()));
        HttpResponse<byte[]> answer = predict(image, "instances=auto", "application/geo+json");
        assertEquals(200, answer.statusCode());
        JsonNode features = server.json(answer).path("features");
        int[] labels = pixels(mask);
        Map<Integer, Integer> areas = new HashMap<>();
        for (int label : labels) {
            if (label > 0) {
                areas.merge(label, 1, Integer::sum);
            }
        }
        assertTrue("the model found no cell: the test would prove nothing", features.size() > 0);
        assertEquals("one feature per cell", areas.size(), features.size());
        for (JsonNode feature : features) {
            int id = feature.path("id").asInt();
            Path2D shape = shape(feature.path("geometry"));
            int both = 0;
            int drawn = 0;
            for (int y = 0; y < mask.getHeight(); y++) {
                for (int x = 0; x < mask.getWidth(); x++) {
                    boolean inside = shape.contains(x + 0.5, y + 0.5);
                    drawn += inside ? 1 : 0;
                    both += inside && labels[y * mask.getWidth() + x] == id ? 1 : 0;
                }
            }
            double iou = both / (double) (drawn + areas.get(id) - both);
            assertTrue("cell " + id + ": IoU " + iou, iou >= 0.95);
            assertEquals(areas.get(id).intValue(), feature.path("properties").path("area").asInt());
        }
    }

    private void aFullQueueAnswers429AndACancelledTrainingKeepsItsCheckpoint() throws Exception {
        Configuration jobs = configurationAdmin.getConfiguration("io.jnnunet.jobs", null);
        Dictionary<String, Object> before = set(jobs, "queue.size", "1");
        try {
            JsonNode running = server.submit(server.training("2", PLANS, "1", 500));
            await("the long training to run", TRAINING, () -> state(running).equals("RUNNING"));
            HttpResponse<byte[]> during = predict(sampleDataset().resolve("imagesTs").resolve(IMAGE + "_0000.png"),
                    "instances=none", "image/png");
            assertEquals("a single image is served while a training runs", 200, during.statusCode());
            JsonNode queued = server.submit(server.training("2", PLANS, "2", 500));
            HttpResponse<byte[]> full = server.postJson("jobs", server.training("2", PLANS, "3", 500));
            assertEquals(new String(full.body(), StandardCharsets.UTF_8), 429, full.statusCode());
            assertTrue(full.headers().firstValue("Retry-After").orElse("").matches("\\d+"));
            assertEquals(429, server.json(full).path("status").asInt());

            assertEquals(200, server.send(server.request("jobs/" + queued.path("id").asText()).DELETE())
                    .statusCode());
            assertEquals(200, server.send(server.request("jobs/" + running.path("id").asText()).DELETE())
                    .statusCode());
            await("the trainings to end", TRAINING, () -> state(running).equals("CANCELLED")
                    && state(queued).equals("CANCELLED"));
            assertTrue(Files.isRegularFile(paths.results().resolve(DATASET).resolve("nnUNetTrainer__" + PLANS
                    + "__2d").resolve("fold_1").resolve("checkpoint_latest.djl")));
        } finally {
            jobs.update(before);
        }
    }

    private void pathsOutsideTheServersFoldersAreRefused() throws Exception {
        assertEquals(400, server.get("models/" + DATASET + "__..__" + PLANS + "__2d").statusCode());
        ObjectNode escape = prediction();
        ((ObjectNode) escape.path("request")).put("output", "../../../../../../tmp/escaped");
        HttpResponse<byte[]> refused = server.postJson("jobs", escape);
        assertEquals(new String(refused.body(), StandardCharsets.UTF_8), 400, refused.statusCode());
        assertTrue(server.json(refused).path("message").asText().contains("output"));
        ObjectNode dataset = prediction();
        ((ObjectNode) dataset.path("request")).put("dataset", "/etc");
        assertEquals(400, server.postJson("jobs", dataset).statusCode());

        byte[] slip = zip(Map.of("Dataset004_Slip/dataset.json", "{}".getBytes(StandardCharsets.UTF_8),
                "Dataset004_Slip/../../escaped.txt", "x".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<byte[]> zipSlip = upload(slip);
        assertEquals(new String(zipSlip.body(), StandardCharsets.UTF_8), 400, zipSlip.statusCode());
        assertTrue(server.json(zipSlip).path("message").asText().contains("escaped.txt"));
        assertTrue(Files.notExists(paths.raw().getParent().resolve("escaped.txt")));
    }

    private void datasetsAreVerifiedBeforeTheyAreAccepted(Path sample) throws Exception {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        try (Stream<Path> all = Files.walk(sample)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                String relative = sample.relativize(file).toString();
                if (relative.startsWith("imagesTr") || relative.startsWith("labelsTr/")
                        || relative.equals("dataset.json")) {
                    files.put("Dataset005_Upload/" + relative, Files.readAllBytes(file));
                }
            }
        }
        Map<String, byte[]> broken = new java.util.TreeMap<>(files);
        broken.remove(broken.keySet().stream().filter(k -> k.contains("labelsTr/")).findFirst().orElseThrow());
        HttpResponse<byte[]> refused = upload(zip(broken));
        assertEquals(new String(refused.body(), StandardCharsets.UTF_8), 422, refused.statusCode());
        assertTrue(server.json(refused).path("details").path("problems").size() > 0);
        assertTrue(Files.notExists(paths.raw().resolve("Dataset005_Upload")));

        HttpResponse<byte[]> accepted = upload(zip(files));
        assertEquals(new String(accepted.body(), StandardCharsets.UTF_8), 201, accepted.statusCode());
        assertTrue(Files.isRegularFile(paths.raw().resolve("Dataset005_Upload").resolve("dataset.json")));
        assertTrue(contains(server.json(server.get("datasets")), "Dataset005_Upload"));
    }

    private void anOversizeUploadGets413(Path sample) throws Exception {
        Configuration settings = configurationAdmin.getConfiguration("io.jnnunet.server", null);
        Dictionary<String, Object> before = set(settings, "max.upload.mb", "1");
        try {
            byte[] big = new byte[3 * 1024 * 1024];
            await("the smaller limit to apply", Duration.ofSeconds(30), () -> {
                try {
                    return server.send(server.request("models/" + MODEL + "/predict")
                            .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(big)))
                            .statusCode() == 413;
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            settings.update(before);
        }
    }

    private void everyDocumentedRouteAnswers() throws Exception {
        JsonNode document = server.json(server.get("openapi.json"));
        Iterator<Map.Entry<String, JsonNode>> routes = document.path("paths").fields();
        while (routes.hasNext()) {
            Map.Entry<String, JsonNode> route = routes.next();
            if (route.getValue().has("get") && !route.getKey().contains("{")) {
                int status = server.get(route.getKey().substring(1)).statusCode();
                assertEquals("GET " + route.getKey(), 200, status);
            }
        }
    }

    private ObjectNode prediction() {
        return server.spec("predict", "input", paths.raw().resolve(DATASET).resolve("imagesTs").toString(),
                "output", "predictions", "dataset", "2", "configuration", "2d", "plans", PLANS);
    }

    private String state(JsonNode job) {
        try {
            return server.job(job).path("state").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The names of a job's Server-Sent Events, from its state to its end (the server closes the stream). */
    private List<String> follow(String id) throws Exception {
        HttpResponse<Stream<String>> stream = server.lines(server.request("jobs/" + id + "/events")
                .header("Accept", "text/event-stream").GET());
        assertEquals(200, stream.statusCode());
        List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Stream<String> lines = stream.body()) {
            reader.submit(() -> lines.filter(line -> line.startsWith("event:"))
                    .map(line -> line.substring(6).trim()).forEach(names::add))
                    .get(TRAINING.toMinutes(), java.util.concurrent.TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the event stream of job " + id + " did not end; events so far: " + names, e);
        } finally {
            reader.shutdownNow();
        }
        return names;
    }

    private HttpResponse<byte[]> predict(Path image, String query, String accept) throws Exception {
        return server.send(server.request("models/" + MODEL + "/predict?folds=0&mirroring=false&" + query)
                .header("Content-Type", "image/png").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofFile(image)));
    }

    private HttpResponse<byte[]> upload(byte[] zip) throws Exception {
        return server.send(server.request("datasets").header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
    }

    private static boolean contains(JsonNode array, String text) {
        return array.toString().contains("\"" + text + "\"");
    }

    private static byte[] zip(Map<String, byte[]> files) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static int[] pixels(BufferedImage image) {
        Raster raster = image.getRaster();
        return raster.getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
    }

    /** A GeoJSON Polygon or MultiPolygon as one even-odd shape (holes subtract). */
    private static Path2D shape(JsonNode geometry) {
        Path2D.Double shape = new Path2D.Double(Path2D.WIND_EVEN_ODD);
        JsonNode polygons = geometry.path("type").asText().equals("Polygon")
                ? wrap(geometry.path("coordinates")) : geometry.path("coordinates");
        for (JsonNode polygon : polygons) {
            for (JsonNode ring : polygon) {
                for (int i = 0; i < ring.size(); i++) {
                    double x = ring.get(i).get(0).asDouble();
                    double y = ring.get(i).get(1).asDouble();
                    if (i == 0) {
                        shape.moveTo(x, y);
                    } else {
                        shape.lineTo(x, y);
                    }
                }
                shape.closePath();
            }
        }
        return shape;
    }

    private static JsonNode wrap(JsonNode polygon) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(polygon);
    }

    /** Sets one key of a configuration and returns its properties before, for the caller to put back. */
    private static Dictionary<String, Object> set(Configuration configuration, String key, String value)
            throws java.io.IOException {
        Dictionary<String, Object> before = configuration.getProperties();
        Dictionary<String, Object> changed = new Hashtable<>();
        if (before != null) {
            for (java.util.Enumeration<String> keys = before.keys(); keys.hasMoreElements();) {
                String name = keys.nextElement();
                changed.put(name, before.get(name));
            }
        }
        changed.put(key, value);
        configuration.update(changed);
        return before;
    }
}
