package io.jnnunet.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.server.internal.TokenStore.IssuedToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.ws.rs.core.SecurityContext;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The filter's logins against Karaf's real properties login module and a real token file. */
public class AuthFilterTest {

    private static final Duration TTL = Duration.ofSeconds(60);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final AtomicLong nanos = new AtomicLong();
    private Path home;
    private TokenStore tokens;
    private AuthFilter filter;

    @Before
    public void filter() throws IOException {
        home = folder.getRoot().toPath();
        tokens = new TokenStore(home.resolve("tokens.json"), Clock.systemUTC());
        filter = new AuthFilter(KarafRealms.login(home, KarafRealms.USERS), tokens,
                new LoginCache(TTL, nanos::get));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private void assertUnauthorized(String message, String header) {
        ApiException e = assertThrows(ApiException.class, () -> filter.caller(header));
        assertEquals(401, e.status());
        assertEquals(message, e.getMessage());
        assertEquals(Map.of("WWW-Authenticate", "Basic realm=\"jnnunet\""), e.headers());
    }

    @Test
    public void noCredentialsAre401AskingForBasic() {
        assertUnauthorized("this needs a login: HTTP Basic with a Karaf user, or Authorization: Bearer <token>", null);
        assertUnauthorized("this needs a login: HTTP Basic with a Karaf user, or Authorization: Bearer <token>", " ");
    }

    @Test
    public void aKarafUserLogsInWithBasic() {
        assertEquals(new Caller("karaf", Set.of(Roles.ADMIN, Roles.USER), SecurityContext.BASIC_AUTH),
                filter.caller(basic("karaf", "karaf")));
        assertEquals(Set.of(Roles.USER), filter.caller(basic("alice", "wonderland")).roles());
    }

    @Test
    public void wrongOrMalformedCredentialsAre401() {
        assertUnauthorized("wrong user name or password", basic("karaf", "wrong"));
        assertUnauthorized("wrong user name or password", basic("mallory", "karaf"));
        assertUnauthorized("Authorization: Basic must hold user:password with a user name", basic("", "karaf"));
        assertUnauthorized("Authorization scheme 'Negotiate' is not supported; use Basic (a Karaf user) or Bearer (an"
                + " API token)", "Negotiate abc");
    }

    @Test
    public void aTokenWorksAsBearerUntilItIsRevoked() throws IOException {
        IssuedToken issued = tokens.create("robot", "user", "");
        assertEquals(new Caller("robot", Set.of(Roles.USER), Caller.BEARER),
                filter.caller("Bearer " + issued.token()));
        tokens.revoke(issued.id());
        assertUnauthorized("the token is unknown or has been revoked", "Bearer " + issued.token());
    }

    /** A login is remembered for the cache time: a password changed meanwhile still works until it ends. */
    @Test
    public void aBasicLoginIsRememberedForTheCacheTimeOnly() throws IOException {
        String old = basic("alice", "wonderland");
        filter.caller(old);
        Files.writeString(home.resolve("users.properties"), KarafRealms.USERS.replace("wonderland", "looking-glass"));
        nanos.addAndGet(TTL.toNanos() - 1);
        assertEquals("alice", filter.caller(old).name());
        nanos.addAndGet(1);
        assertUnauthorized("wrong user name or password", old);
        assertEquals("alice", filter.caller(basic("alice", "looking-glass")).name());
    }

    @Test
    public void aFailedLoginIsNotRemembered() throws IOException {
        String header = basic("alice", "looking-glass");
        assertUnauthorized("wrong user name or password", header);
        Files.writeString(home.resolve("users.properties"), KarafRealms.USERS.replace("wonderland", "looking-glass"));
        assertEquals("alice", filter.caller(header).name());
    }

    @Test
    public void withoutKarafsRealmALoginIs503() {
        AuthFilter noRealm = new AuthFilter(new KarafLogin(List.of()), tokens, new LoginCache(TTL, nanos::get));
        ApiException e = assertThrows(ApiException.class, () -> noRealm.caller(basic("karaf", "karaf")));
        assertEquals(503, e.status());
        assertEquals("Karaf's realm karaf cannot check logins now: Karaf has no JAAS realm named karaf, only []",
                e.getMessage());
    }

    @Test
    public void onlyTheApiDocumentIsPublicAndOnlyByItsExactPath() {
        assertTrue(AuthFilter.isPublic("GET", "openapi.json"));
        assertTrue(AuthFilter.isPublic("GET", "/openapi.json"));
        for (String path : new String[] {"info", "tokens", "openapi.json/", "./openapi.json", "openapi.json/../tokens",
                "x/../openapi.json", "OPENAPI.JSON", ""}) {
            assertFalse(path, AuthFilter.isPublic("GET", path));
        }
        assertFalse(AuthFilter.isPublic("POST", "openapi.json"));
        assertFalse(AuthFilter.isPublic("DELETE", "openapi.json"));
    }

    @Test
    public void theWebPageGetsItsRefusedLoginWithoutTheChallengeThatOpensTheBrowsersDialog() {
        ApiException wrong = assertThrows(ApiException.class, () -> filter.caller(basic("karaf", "wrong")));
        ApiException forPage = AuthFilter.forRequester(wrong, AuthFilter.WEB_PAGE);
        assertEquals(401, forPage.status());
        assertEquals("wrong user name or password", forPage.getMessage());
        assertEquals(Map.of(), forPage.headers());
        assertEquals(wrong, AuthFilter.forRequester(wrong, null));
        assertEquals(wrong, AuthFilter.forRequester(wrong, "XMLHttpRequest"));
        ApiException forbidden = ApiException.forbidden("this needs the role admin");
        assertEquals(forbidden, AuthFilter.forRequester(forbidden, AuthFilter.WEB_PAGE));
    }

    @Test
    public void theCacheIsBoundedAndACacheTimeOfZeroRemembersNothing() {
        LoginCache cache = new LoginCache(TTL, nanos::get);
        Caller karaf = Caller.of("karaf", Set.of("admin"), SecurityContext.BASIC_AUTH);
        for (int i = 0; i <= LoginCache.MAX_ENTRIES; i++) {
            cache.put(basic("karaf", "p" + i), karaf);
        }
        assertEquals(1, cache.size());
        assertEquals(karaf, cache.get(basic("karaf", "p" + LoginCache.MAX_ENTRIES)).orElseThrow());
        LoginCache none = new LoginCache(Duration.ZERO, nanos::get);
        none.put(basic("karaf", "karaf"), karaf);
        assertEquals(0, none.size());
    }
}
