package io.jnnunet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
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
 * credentials get 401 with {@code WWW-Authenticate} and a JSON body (only the OpenAPI document is public),
 * karaf/karaf gets in as an admin, an admin's token works as Bearer until it is revoked, a user's token may not
 * create tokens; the server listens on 127.0.0.1 and refuses another host while karaf/karaf still works.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerAuthIT extends JnnunetTestSupport {

    /** The whiteboard registers the application, its extensions and resources one by one, after the container. */
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final String SERVER_PID = "io.jnnunet.server";
    private static final String PAX_WEB_PID = "org.ops4j.pax.web";
    private static final String ADDRESSES = "org.ops4j.pax.web.listening.addresses";

    private final ServerClient karaf = new ServerClient(ServerClient.KARAF);

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Before
    public void theApiAnswers() throws Exception {
        karaf.awaitUp(STARTUP);
    }

    @Test
    public void withoutCredentialsEveryPathIs401WithTheBasicChallengeAndAJsonBody() throws Exception {
        ServerClient nobody = new ServerClient(null);
        for (String path : new String[] {"info", "tokens", "no-such-path"}) {
            HttpResponse<byte[]> response = nobody.get(path);
            assertEquals(path + ": " + text(response), 401, response.statusCode());
            assertEquals(path, "Basic realm=\"jnnunet\"",
                    response.headers().firstValue("WWW-Authenticate").orElse(null));
            JsonNode body = nobody.json(response);
            assertEquals(text(response), 401, body.path("status").asInt());
            assertEquals(text(response), "Unauthorized", body.path("error").asText());
            assertTrue(text(response), body.path("message").asText().startsWith("this needs a login"));
        }
    }

    @Test
    public void theApiDocumentAloneIsPublic() throws Exception {
        HttpResponse<byte[]> response = new ServerClient(null).get("openapi.json");
        assertEquals(200, response.statusCode());
        assertEquals("3", karaf.json(response).path("openapi").asText().substring(0, 1));
    }

    @Test
    public void aWrongPasswordAnUnknownUserOrAnUnknownTokenIs401() throws Exception {
        for (String credentials : new String[] {ServerClient.basic("karaf", "wrong"),
                ServerClient.basic("nobody", "karaf"), "Bearer nonsense"}) {
            HttpResponse<byte[]> response = new ServerClient(credentials).get("info");
            assertEquals(text(response), 401, response.statusCode());
            assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent());
        }
    }

    /** The shipped admin gets in; the times of a JAAS login, a remembered one and a token are printed. */
    @Test
    public void theShippedAdminLogsInWithBasic() throws Exception {
        HttpResponse<byte[]> response = karaf.get("info");
        assertEquals(text(response), 200, response.statusCode());
        assertEquals(text(response), "jnnunet", karaf.json(response).path("name").asText());
        String token = createToken("robot", "user").path("token").asText();
        System.out.printf("GET /api/info, median of 20: %.1f ms with a JAAS login (a wrong password), %.1f ms with"
                + " a remembered login, %.1f ms with a token%n",
                medianMillis(new ServerClient(ServerClient.basic("karaf", "wrong"))), medianMillis(karaf),
                medianMillis(new ServerClient("Bearer " + token)));
    }

    @Test
    public void anAdminsTokenWorksAsBearerAndIsListedWithoutItsSecret() throws Exception {
        HttpResponse<byte[]> created = karaf.postJson("tokens",
                Map.of("user", "robot", "role", "admin", "description", "ServerAuthIT"));
        assertEquals(text(created), 201, created.statusCode());
        assertTrue(created.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
        JsonNode issued = karaf.json(created);
        String id = issued.path("id").asText();
        String token = issued.path("token").asText();
        assertEquals(text(created), "robot", issued.path("user").asText());
        assertEquals(text(created), "admin", issued.path("role").asText());
        assertTrue(text(created), issued.hasNonNull("created"));
        assertEquals(text(created), 43, token.length());

        ServerClient robot = new ServerClient("Bearer " + token);
        assertEquals(200, robot.get("info").statusCode());
        HttpResponse<byte[]> listed = robot.get("tokens");
        assertEquals(text(listed), 200, listed.statusCode());
        assertTrue(text(listed), text(listed).contains(id));
        assertFalse(text(listed), text(listed).contains(token));
    }

    @Test
    public void aUserTokenIsRefusedWhatNeedsAnAdminWith403() throws Exception {
        ServerClient robot = new ServerClient("Bearer " + createToken("robot", "user").path("token").asText());
        assertEquals(200, robot.get("info").statusCode());
        HttpResponse<byte[]> response = robot.postJson("tokens", Map.of("user", "robot", "role", "admin"));
        assertEquals(text(response), 403, response.statusCode());
        assertEquals(text(response), "this needs the role admin; you (robot) have [user]",
                robot.json(response).path("message").asText());
    }

    @Test
    public void aRevokedTokenIs401() throws Exception {
        JsonNode issued = createToken("robot", "user");
        ServerClient robot = new ServerClient("Bearer " + issued.path("token").asText());
        assertEquals(200, robot.get("info").statusCode());
        assertEquals(204, revoke(issued.path("id").asText()));
        assertEquals(401, robot.get("info").statusCode());
        assertEquals(404, revoke(issued.path("id").asText()));
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

    private static void setHost(Configuration server, String host) throws IOException {
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

    private JsonNode createToken(String user, String role) throws Exception {
        HttpResponse<byte[]> created = karaf.postJson("tokens",
                Map.of("user", user, "role", role, "description", "ServerAuthIT"));
        assertEquals(text(created), 201, created.statusCode());
        return karaf.json(created);
    }

    private int revoke(String id) throws Exception {
        return karaf.send(karaf.request("tokens/" + id).DELETE()).statusCode();
    }

    private static double medianMillis(ServerClient client) throws Exception {
        double[] millis = new double[20];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            client.get("info");
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[millis.length / 2];
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
