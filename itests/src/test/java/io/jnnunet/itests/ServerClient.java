package io.jnnunet.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;

/** Real HTTP to the distribution's lab server on loopback, as karaf (the shipped admin) unless told otherwise. */
final class ServerClient {

    static final String BASE = "http://127.0.0.1:8181/api/";
    static final String KARAF = basic("karaf", "karaf");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String authorization;

    ServerClient(String authorization) {
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
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(BASE + path))
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

    JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return json.readTree(response.body());
    }

    ObjectMapper mapper() {
        return json;
    }
}
