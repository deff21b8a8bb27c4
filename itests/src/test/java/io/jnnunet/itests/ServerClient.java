package io.jnnunet.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Real HTTP to the distribution's lab server on loopback, as karaf (the shipped admin) unless told otherwise. */
final class ServerClient {

    static final String ORIGIN = "http://127.0.0.1:8181";
    static final String KARAF = basic("karaf", "karaf");
    /** Request keys that take a list. */
    private static final Set<String> LISTS = Set.of("datasets", "configurations");
    private static final Set<String> ENDED = Set.of("FINISHED", "FAILED", "CANCELLED");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final String authorization;

    ServerClient(String authorization) {
        this(ORIGIN, authorization);
    }

    /** A client of the lab server at another origin ({@code http://127.0.0.1:<port>}). */
    ServerClient(String origin, String authorization) {
        this.base = origin + "/api/";
        this.authorization = authorization;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until the API answers (its resources register some time after the container is up). */
    void awaitUp(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (send(request("info").GET()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the HTTP service is not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the lab server did not answer GET /api/info within " + timeout);
            }
            Thread.sleep(500);
        }
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(5));
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The lines of a streamed answer (Server-Sent Events), read as they come. */
    HttpResponse<Stream<String>> lines(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<byte[]> postJson(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
    }

    /** A raw dataset folder as the zip {@code POST /api/datasets} takes: {@code <its name>/...}. */
    HttpResponse<byte[]> uploadDataset(Path dataset) throws IOException, InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(dataset)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(dataset.getFileName() + "/" + dataset.relativize(file)));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
        return send(request("datasets").header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())));
    }

    /** A job spec of version 1; the request's keys and values in pairs (a key of {@link #LISTS} gets a list). */
    ObjectNode spec(String type, String... keyValues) {
        ObjectNode spec = json.createObjectNode().put("type", type).put("version", 1);
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

    /** A 2d training of a fold for a number of epochs. */
    ObjectNode training(String dataset, String plans, String fold, int epochs) {
        ObjectNode spec = spec("train", "dataset", dataset, "configuration", "2d", "fold", fold, "plans", plans);
        ((ObjectNode) spec.path("request")).put("epochs", epochs);
        return spec;
    }

    /** Submits a job, which must be accepted (201). */
    JsonNode submit(ObjectNode spec) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = postJson("jobs", spec);
        if (answer.statusCode() != 201) {
            throw new AssertionError("job not accepted (" + answer.statusCode() + "): "
                    + new String(answer.body(), StandardCharsets.UTF_8));
        }
        return json(answer);
    }

    /** The job as it is now. */
    JsonNode job(JsonNode job) throws IOException, InterruptedException {
        return json(get("jobs/" + job.path("id").asText()));
    }

    String log(JsonNode job) throws IOException, InterruptedException {
        return new String(get("jobs/" + job.path("id").asText() + "/log").body(), StandardCharsets.UTF_8);
    }

    /** The job once it has ended (FINISHED, FAILED or CANCELLED). */
    JsonNode await(JsonNode job, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode now = job(job);
            if (ENDED.contains(now.path("state").asText())) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + job.path("id") + " did not end within " + timeout + ": " + now);
            }
            Thread.sleep(500);
        }
    }

    JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return json.readTree(response.body());
    }

    ObjectMapper mapper() {
        return json;
    }
}
