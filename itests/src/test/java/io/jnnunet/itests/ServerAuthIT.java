package io.jnnunet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The REST API's logins over real HTTP against the distribution's Jetty and Karaf's JAAS realm: no or wrong
 * credentials get 401 with {@code WWW-Authenticate} and a JSON body, karaf/karaf gets in as an admin, an admin's
 * token works as Bearer until it is revoked, a user's token may not create tokens; the server listens on 127.0.0.1
 * and refuses another host while karaf/karaf still works.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerAuthIT extends JnnunetTestSupport {

    private static final String API = "http://127.0.0.1:8181/api/";
    /** The whiteboard registers the application, its extensions and resources one by one, after the container. */
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final String KARAF = basic("karaf", "karaf");
    private static final String SERVER_PID = "io.jnnunet.server";
    private static final String PAX_WEB_PID = "org.ops4j.pax.web";
    private static final String ADDRESSES = "org.ops4j.pax.web.listening.addresses";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Before
    public void theApiAnswers() throws InterruptedException {
        await("GET /api/info to answer karaf/karaf with 200", STARTUP, () -> status("GET", "info", KARAF) == 200);
    }

    @Test
    public void withoutCredentialsEveryPathIs401WithTheBasicChallengeAndAJsonBody() throws Exception {
        for (String path : new String[] {"info", "tokens", "no-such-path"}) {
            HttpResponse<String> response = send("GET", path, null, null);
            assertEquals(path + ": " + response.body(), 401, response.statusCode());
            assertEquals(path, "Basic realm=\"jnnunet\"",
                    response.headers().firstValue("WWW-Authenticate").orElse(null));
            JsonNode body = json.readTree(response.body());
            assertEquals(response.body(), 401, body.get("status").asInt());
            assertEquals(response.body(), "Unauthorized", body.get("error").asText());
            assertTrue(response.body(), body.get("message").asText().startsWith("this needs a login"));
        }
    }

    @Test
    public void aWrongPasswordOrAnUnknownUserIs401() throws Exception {
        for (String credentials : new String[] {basic("karaf", "wrong"), basic("nobody", "karaf"), "Bearer nonsense"}) {
            HttpResponse<String> response = send("GET", "info", credentials, null);
            assertEquals(response.body(), 401, response.statusCode());
            assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent());
        }
    }

    /** The shipped admin gets in; the times of a JAAS login, a remembered one and a token are printed. */
    @Test
    public void theShippedAdminLogsInWithBasic() throws Exception {
        HttpResponse<String> response = send("GET", "info", KARAF, null);
        assertEquals(response.body(), 200, response.statusCode());
        assertEquals(response.body(), "jnnunet", json.readTree(response.body()).get("name").asText());
        String token = createToken(KARAF, "robot", "user").get("token").asText();
        System.out.printf("GET /api/info, median of 20: %.1f ms with a JAAS login (a wrong password), %.1f ms with"
                + " a remembered login, %.1f ms with a token%n", medianMillis(basic("karaf", "wrong")),
                medianMillis(KARAF), medianMillis("Bearer " + token));
    }

    @Test
    public void anAdminsTokenWorksAsBearerAndIsListedWithoutItsSecret() throws Exception {
        HttpResponse<String> created = send("POST", "tokens", KARAF,
                "{\"user\": \"robot\", \"role\": \"admin\", \"description\": \"ServerAuthIT\"}");
        assertEquals(created.body(), 201, created.statusCode());
        assertTrue(created.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
        JsonNode issued = json.readTree(created.body());
        String id = issued.get("id").asText();
        String token = issued.get("token").asText();
        assertEquals(created.body(), "robot", issued.get("user").asText());
        assertEquals(created.body(), "admin", issued.get("role").asText());
        assertTrue(created.body(), issued.hasNonNull("created"));
        assertEquals(created.body(), 43, token.length());

        assertEquals(200, status("GET", "info", "Bearer " + token));
        HttpResponse<String> listed = send("GET", "tokens", "Bearer " + token, null);
        assertEquals(listed.body(), 200, listed.statusCode());
        assertTrue(listed.body(), listed.body().contains(id));
        assertFalse(listed.body(), listed.body().contains(token));
        assertEquals(200, status("GET", "tokens/" + id, KARAF));
    }

    @Test
    public void aUserTokenIsRefusedWhatNeedsAnAdminWith403() throws Exception {
        String token = createToken(KARAF, "robot", "user").get("token").asText();
        assertEquals(200, status("GET", "info", "Bearer " + token));
        HttpResponse<String> response = send("POST", "tokens", "Bearer " + token,
                "{\"user\": \"robot\", \"role\": \"admin\"}");
        assertEquals(response.body(), 403, response.statusCode());
        assertEquals(response.body(), "this needs the role admin; you (robot) have [user]",
                json.readTree(response.body()).get("message").asText());
    }

    @Test
    public void aRevokedTokenIs401() throws Exception {
        JsonNode issued = createToken(KARAF, "robot", "user");
        String bearer = "Bearer " + issued.get("token").asText();
        assertEquals(200, status("GET", "info", bearer));
        assertEquals(204, status("DELETE", "tokens/" + issued.get("id").asText(), KARAF));
        assertEquals(401, status("GET", "info", bearer));
        assertEquals(404, status("DELETE", "tokens/" + issued.get("id").asText(), KARAF));
    }

    /**
     * The distribution listens on 127.0.0.1 from its first start; another loopback name is applied to pax-web, and a
     * host beyond this machine is refused (127.0.0.1 again) while karaf/karaf logs in.
     */
    @Test
    public void theServerListensOnLoopbackAndRefusesAnotherHostWhileTheShippedPasswordWorks() throws Exception {
        assertEquals("127.0.0.1", paxWeb(ADDRESSES));
        assertEquals("8181", paxWeb("org.osgi.service.http.port"));
        Configuration server = configurationAdmin.getConfiguration(SERVER_PID, null);
        Dictionary<String, Object> before = server.getProperties();
        try {
            setHost(server, "localhost");
            await("pax-web to listen on localhost", STARTUP, () -> "localhost".equals(paxWeb(ADDRESSES)));
            setHost(server, "0.0.0.0");
            await("pax-web to be set back to 127.0.0.1", STARTUP, () -> "127.0.0.1".equals(paxWeb(ADDRESSES)));
        } finally {
            if (before == null) {
                server.delete();
            } else {
                server.update(before);
            }
        }
        await("pax-web to stay on 127.0.0.1", STARTUP, () -> "127.0.0.1".equals(paxWeb(ADDRESSES)));
        theApiAnswers();
    }

    private void setHost(Configuration server, String host) throws IOException {
        Dictionary<String, Object> properties = server.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put("host", host);
        server.update(properties);
    }

    private String paxWeb(String key) {
        try {
            Dictionary<String, Object> properties = configurationAdmin.getConfiguration(PAX_WEB_PID, null)
                    .getProperties();
            return properties == null ? null : String.valueOf(properties.get(key));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode createToken(String admin, String user, String role) throws Exception {
        HttpResponse<String> created = send("POST", "tokens", admin,
                json.writeValueAsString(Map.of("user", user, "role", role, "description", "ServerAuthIT")));
        assertEquals(created.body(), 201, created.statusCode());
        return json.readTree(created.body());
    }

    private double medianMillis(String authorization) throws Exception {
        double[] millis = new double[20];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            send("GET", "info", authorization, null);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[millis.length / 2];
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The status of a request; -1 while the server does not answer (Jetty restarting). */
    private int status(String method, String path, String authorization) {
        try {
            return send(method, path, authorization, null).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(API + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
